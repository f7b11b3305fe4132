// A replay store on a Cloudflare Durable Object (`maestrano/durable-object`), shared by every
// isolate of a Worker, in every location: `ReplayStoreObject` is the Durable Object class (export
// it from the Worker's main module and bind it), `DurableObjectStore` the store `ReplayCache`
// uses, talking to it with `stub.fetch`.
//
//   // wrangler.toml: [[durable_objects.bindings]] name = "REPLAY", class_name = "ReplayStoreObject"
//   //                [[migrations]] tag = "v1", new_sqlite_classes = ["ReplayStoreObject"]
//   import { ReplayCache } from 'maestrano';
//   import { DurableObjectStore } from 'maestrano/durable-object';
//   export { ReplayStoreObject } from 'maestrano/durable-object';
//
//   const replay = new ReplayCache(new DurableObjectStore(env.REPLAY));
//
// Why a Durable Object: each Worker isolate has its own memory, so an in-memory replay cache
// protects one isolate only, and a fleet has many. A Durable Object is one instance worldwide
// that handles one event at a time, with transactional storage: "is this assertion new? then
// record it" is atomic, so of two isolates consuming one assertion at once exactly one wins.
//
// Why NOT Workers KV: KV is eventually consistent (a write can take 60 seconds or more to be
// seen in other locations, and a location may serve a cached read) and has no compare-and-set
// or put-if-absent; two requests replaying one assertion in two locations (or in one, within the
// cache time) would both read "absent" and both be accepted. A replay check needs an atomic
// insert-if-absent on strongly consistent storage: a Durable Object, Redis, or a database.

const ORIGIN = 'https://maestrano-replay.internal';
const MAX_KEY_LENGTH = 2048;
// Entries are kept under this prefix; the rest of the storage is left alone.
const ENTRY = 'replay:';

/**
 * The Durable Object class keeping the consumed assertions: `POST /insert` with
 * `{key, expiresAt, now}` (milliseconds since the epoch) answers `{inserted}`. Entries are
 * deleted by the object's alarm once expired.
 */
export class ReplayStoreObject {
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  /** The HTTP face used by `DurableObjectStore`. */
  async fetch(request) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/insert') return new Response('not found', { status: 404 });
    let body;
    try {
      body = await request.json();
    } catch {
      return new Response('invalid JSON', { status: 400 });
    }
    const { key, expiresAt, now } = body ?? {};
    if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH
      || !Number.isFinite(expiresAt) || !Number.isFinite(now)) {
      return new Response('expected {key, expiresAt, now}', { status: 400 });
    }
    return Response.json({ inserted: await this.insert(key, expiresAt, now) });
  }

  /** Records `key` until `expiresAt` unless an unexpired entry exists (atomic). */
  async insert(key, expiresAt, now) {
    const { storage } = this.state;
    // One transaction: no other event of this object interleaves between the read and the write.
    const inserted = await storage.transaction(async (txn) => {
      const previous = await txn.get(ENTRY + key);
      if (typeof previous === 'number' && previous > now) return false;
      await txn.put(ENTRY + key, expiresAt);
      return true;
    });
    if (inserted) {
      const alarm = await storage.getAlarm();
      if (alarm === null || alarm > expiresAt) await storage.setAlarm(expiresAt);
    }
    return inserted;
  }

  /** Deletes the expired entries and sets the alarm for the next expiry. */
  async alarm() {
    const { storage } = this.state;
    const now = Date.now();
    let next = null;
    let start;
    for (;;) {
      const page = await storage.list({ prefix: ENTRY, start, limit: 512 });
      const expired = [];
      for (const [k, v] of page) {
        if (typeof v !== 'number' || v <= now) expired.push(k);
        else if (next === null || v < next) next = v;
        start = k;
      }
      if (expired.length) await storage.delete(expired);
      if (page.size < 512) break;
      start += '\0';
    }
    if (next !== null) await storage.setAlarm(next);
  }
}

// FNV-1a of a string: spreads keys over the shards.
const fnv1a = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

/** The replay store of a Worker, over the `ReplayStoreObject` namespace binding. */
export class DurableObjectStore {
  /**
   * `namespace`: the Durable Object namespace binding (e.g. `env.REPLAY`); `name` of the object
   * (default `maestrano-replay`); `shards`: how many objects to spread the keys over (default 1;
   * one object serves on the order of a thousand sign-ins a second).
   */
  constructor(namespace, { name = 'maestrano-replay', shards = 1 } = {}) {
    if (namespace === null || typeof namespace !== 'object' || typeof namespace.idFromName !== 'function') {
      throw new TypeError('DurableObjectStore needs a Durable Object namespace binding (e.g. env.REPLAY)');
    }
    if (!Number.isInteger(shards) || shards < 1) throw new TypeError('shards must be a positive integer');
    this.namespace = namespace;
    this.name = String(name);
    this.shards = shards;
  }

  /** Records `key` until `expiresAt`; resolves false when it was already recorded. Rejects when
   * the object cannot be reached or answers garbage: the sign-in fails closed. */
  async insertIfAbsent(key, expiresAt, now) {
    const name = this.shards === 1 ? this.name : `${this.name}:${fnv1a(key) % this.shards}`;
    const stub = this.namespace.get(this.namespace.idFromName(name));
    const res = await stub.fetch(`${ORIGIN}/insert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key, expiresAt: expiresAt.getTime(), now: now.getTime() }),
    });
    if (!res.ok) throw new Error(`the replay Durable Object answered ${res.status}`);
    const { inserted } = await res.json();
    if (typeof inserted !== 'boolean') throw new Error('the replay Durable Object answered garbage');
    return inserted;
  }
}
