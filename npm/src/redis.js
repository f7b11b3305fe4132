// A replay store on Redis (`maestrano/redis`), shared by every process and host of an app, for
// `new ReplayCache(store)`. The client is node-redis (`redis` on npm, v4 or later), created and
// connected by the app and passed in; this module does not import it.
//
//   import { createClient } from 'redis';
//   import { ReplayCache } from 'maestrano';
//   import { RedisStore } from 'maestrano/redis';
//
//   const redis = await createClient({ url: process.env.REDIS_URL }).connect();
//   const replay = new ReplayCache(new RedisStore(redis));
//
// Each assertion is recorded with one atomic `SET <prefix><key> 1 NX PX <ms>`: of several
// processes consuming the same assertion at once, exactly one gets `OK`; the entry expires on its
// own when the assertion could no longer be accepted anyway. The same store, with another prefix,
// is the adapters' `requestIds` store (each pending sign-in request accepted once, fleet-wide):
// `new RedisStore(redis, { prefix: 'maestrano:request:' })`. Redis failures (connection refused,
// a command not answered within `timeoutMs`) reject: the sign-in fails rather than go unchecked.

/** Prefix of every key the store writes. */
export const DEFAULT_PREFIX = 'maestrano:replay:';

/** A replay store on a connected node-redis client (`createClient()`, not a cluster client). */
export class RedisStore {
  /**
   * `client`: a node-redis client; `prefix` of the keys (default `maestrano:replay:`);
   * `timeoutMs`: how long to wait for Redis before failing the sign-in (default 2000; a client
   * that queues commands while reconnecting would otherwise hold the sign-in).
   */
  constructor(client, { prefix = DEFAULT_PREFIX, timeoutMs = 2000 } = {}) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError('RedisStore needs a node-redis client (createClient() from the `redis` package)');
    }
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive number');
    this.client = client;
    this.prefix = String(prefix);
    this.timeoutMs = timeoutMs;
  }

  /** Records `key` until `expiresAt`; resolves false when it was already recorded. */
  async insertIfAbsent(key, expiresAt, now) {
    // At least 1 ms: PX refuses 0, and an entry that expires at once still must be refused now.
    const ttl = Math.max(1, Math.ceil(expiresAt.getTime() - now.getTime()));
    // The raw command: its meaning does not depend on the client version's option names.
    const command = this.client.sendCommand(['SET', this.prefix + key, '1', 'NX', 'PX', String(ttl)]);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return (await Promise.race([command, timeout])) === 'OK';
    } finally {
      clearTimeout(timer);
    }
  }
}
