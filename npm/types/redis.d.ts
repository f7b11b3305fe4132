// Types of `maestrano/redis` (src/redis.js).
import type { ReplayStore } from 'maestrano';

/** The node-redis client method the store uses (`createClient()` of the `redis` package). */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Prefix of every key the store writes: `maestrano:replay:`. */
export const DEFAULT_PREFIX: 'maestrano:replay:';

/** A replay store on Redis: one atomic `SET key 1 NX PX ttl` per assertion. */
export class RedisStore implements ReplayStore {
  /** `timeoutMs` (default 2000): how long to wait for Redis before failing the sign-in. */
  constructor(client: RedisClientLike, options?: { prefix?: string; timeoutMs?: number });
  readonly client: RedisClientLike;
  readonly prefix: string;
  readonly timeoutMs: number;
  /** Records `key` until `expiresAt`; false when it was already recorded. Rejects when Redis fails. */
  insertIfAbsent(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}
