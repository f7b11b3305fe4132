package com.maestrano

import java.time.Instant

/**
 * A store shared by every process of an app, for a [ReplayCache] that protects them all: e.g.
 * Redis `SET <key> 1 NX PX <ttl>` (Jedis, Lettuce, Redisson), or a unique key in a database
 * table with an expiry column.
 *
 * ```java
 * ReplayCache replay = ReplayCache.shared((key, expiresAt, now) ->
 *     "OK".equals(jedis.set("maestrano:replay:" + key, "1",
 *         SetParams.setParams().nx().px(Math.max(1, Duration.between(now, expiresAt).toMillis())))));
 * ```
 *
 * The store's own exceptions propagate unchanged: the sign-in then fails rather than go
 * unchecked.
 */
fun interface ReplayStore {
    /**
     * Records [key] until [expiresAt] unless it is already recorded, atomically: exactly one of
     * several concurrent calls with the same key returns `true`.
     *
     * @param key identifies the assertion (its issuer and ID)
     * @param expiresAt when the entry may be forgotten (the assertion can no longer be accepted then)
     * @param now the time of the check
     * @return `true` when recorded now, `false` when it was already there (a replay)
     */
    fun putIfAbsent(key: String, expiresAt: Instant, now: Instant): Boolean
}

/**
 * Accepts each assertion once: a second use of an [SsoResult] throws [SamlException] of kind
 * `replayed`. [inMemory] protects one process (it throws `replay_store_full` rather than accept
 * unrecorded when full of unexpired entries); [shared] protects every process through a
 * [ReplayStore]. Thread-safe.
 */
class ReplayCache private constructor(
    private val memory: com.maestrano.ffi.ReplayCache?,
    private val store: ReplayStore?,
) : AutoCloseable {
    companion object {
        /** The default capacity of [inMemory]. */
        const val DEFAULT_CAPACITY: Int = 100_000

        /** An in-process cache holding at most [capacity] unexpired assertions. */
        @JvmStatic
        @JvmOverloads
        fun inMemory(capacity: Int = DEFAULT_CAPACITY): ReplayCache {
            require(capacity >= 0) { "capacity must not be negative" }
            return ReplayCache(com.maestrano.ffi.ReplayCache.inMemory(capacity.toUInt()), null)
        }

        /** A cache on a [store] shared by every process of the app. */
        @JvmStatic
        fun shared(store: ReplayStore): ReplayCache = ReplayCache(null, store)
    }

    /**
     * Accepts [result]'s assertion once at [now] (the clock by default).
     *
     * @throws SamlException `replayed` when it was already used; `replay_store_full` when the
     *   in-memory cache is full
     */
    @JvmOverloads
    fun check(config: Config, result: SsoResult, now: Instant = Instant.now()) {
        val notOnOrAfter = result.notOnOrAfter?.toEpochMilli()
        val nowMs = now.toEpochMilli()
        if (memory != null) {
            native(Family.SAML) { memory.checkAssertion(config.native, result.issuer, result.assertionId, notOnOrAfter, nowMs) }
            return
        }
        val key = com.maestrano.ffi.replayKeyOf(result.issuer, result.assertionId)
        val expiresAt = Instant.ofEpochMilli(com.maestrano.ffi.replayExpiryMs(config.native, notOnOrAfter, nowMs))
        if (!store!!.putIfAbsent(key, expiresAt, Instant.ofEpochMilli(nowMs))) {
            throw SamlException("replayed", "assertion '${result.assertionId}' was already used (remembered until $expiresAt)")
        }
    }

    /** Frees the in-memory cache (a shared store is yours to close). */
    override fun close() {
        memory?.close()
    }
}
