// Types of `maestrano/durable-object` (src/durable-object.js). Typed on the parts of the
// Workers runtime it uses, so `@cloudflare/workers-types` is not needed.
import type { ReplayStore } from 'maestrano';

/** The Durable Object storage calls the object uses. */
export interface DurableObjectStorageLike {
  transaction<T>(fn: (txn: { get(key: string): Promise<unknown>; put(key: string, value: number): Promise<void> }) => Promise<T>): Promise<T>;
  getAlarm(): Promise<number | null>;
  setAlarm(time: number): Promise<void>;
  list(options: { prefix: string; start?: string; limit: number }): Promise<Map<string, unknown>>;
  delete(keys: string[]): Promise<number>;
}

/** The Durable Object class keeping consumed assertions (export it from your Worker). */
export class ReplayStoreObject {
  constructor(state: { storage: DurableObjectStorageLike }, env: unknown);
  /** `POST /insert` with `{key, expiresAt, now}` → `{inserted}`. */
  fetch(request: Request): Promise<Response>;
  /** Records `key` until `expiresAt` unless an unexpired entry exists (atomic). */
  insert(key: string, expiresAt: number, now: number): Promise<boolean>;
  /** Deletes expired entries; sets the next alarm. */
  alarm(): Promise<void>;
}

/** The parts of a Durable Object namespace binding the store uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(url: string, init: RequestInit): Promise<Response> };
}

/** A replay store over the `ReplayStoreObject` namespace binding (e.g. `env.REPLAY`). */
export class DurableObjectStore implements ReplayStore {
  /** `name` of the object (default `maestrano-replay`); `shards` to spread keys (default 1). */
  constructor(namespace: DurableObjectNamespaceLike, options?: { name?: string; shards?: number });
  readonly name: string;
  readonly shards: number;
  /** Records `key` until `expiresAt`; false when already recorded. Rejects when unreachable. */
  insertIfAbsent(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}
