package com.maestrano

/**
 * The platform APIs for one marketplace [config]: the Account API ([bills], [recurringBills],
 * [users], [groups], [resellers]) and [connec], sent through [transport] ([HttpTransport.default]
 * unless given). Results are typed ([Bill], [Group], [ConnecResult], …); failures are
 * [ApiException] (see its `kind`, `status`, `param`, `messages`), [TransportException] (no
 * answer) or [ConfigException]. Every method blocks; each has a suspending `…Await` twin.
 * Thread-safe.
 *
 * ```java
 * Client client = new Client(config);
 * List<Bill> bills = client.getBills().list(Map.of("group_id", "cld-1"));
 * Bill bill = client.getBills().create(Map.of("group_id", "cld-1", "price_cents", 2300,
 *     "description", "Setup", "currency", "AUD"));
 * ```
 */
class Client @JvmOverloads constructor(
    /** The marketplace configuration the calls use (its `api.*` and `connec.*`). */
    val config: Config,
    /** What sends the requests. */
    val transport: Transport = HttpTransport.default,
) {
    /** One-off charges to a group: `list`, `retrieve`, `create`, `cancel`. */
    val bills: Bills = Bills(this)

    /** Charges repeated every period: `list`, `retrieve`, `create`, `cancel`. */
    val recurringBills: RecurringBills = RecurringBills(this)

    /** Platform users of the app's groups: `list`, `retrieve`. */
    val users: Users = Users(this)

    /** Customer organisations using the app: `list`, `retrieve`. */
    val groups: Groups = Groups(this)

    /** Resellers: `list`, `retrieve`, `groups`. */
    val resellers: Resellers = Resellers(this)

    /** Connec! calls. */
    val connec: Connec = Connec(this)

    @JvmSynthetic
    internal fun <T> run(build: () -> HttpRequest, read: (HttpResponse) -> T): T = read(transport.send(build()))

    @JvmSynthetic
    internal suspend fun <T> runAwait(build: () -> HttpRequest, read: (HttpResponse) -> T): T {
        return read(transport.sendSuspending(build()))
    }

    /** `Client(Config(environment=…))`. */
    override fun toString(): String = "Client($config)"
}
