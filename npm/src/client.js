// The Account API and Connec! over fetch: each method builds the request in the core, sends it,
// and reads the whole reply in the core. A method resolves with complete data or rejects with
// one typed error; there are no partial results.
//
// Records are plain objects with the platform's own field names (`price_cents`, `group_id`,
// `created_at`, ...), times as the RFC 3339 strings the platform sent, and every field the
// platform adds kept: they are the platform's records, and JSON in and out of your app as such.

import { ApiError } from './errors.js';
import { send } from './http.js';

export function makeClient({ nativeOf }, sansIO) {
  // One Account API collection with the actions the platform offers on it.
  const collection = (config, fetchFn, resource, actions) => {
    const run = async (action, id, params) => {
      const request = sansIO.accountRequest(config, resource, action, { id, params });
      return sansIO.accountResponse(resource, action, await send(request, fetchFn()));
    };
    const methods = {
      list: (filters) => run('list', undefined, filters),
      create: (fields) => run('create', undefined, fields),
      retrieve: (id) => run('retrieve', id),
      cancel: (id) => run('cancel', id),
      groups: (id) => run('groups', id),
    };
    return Object.freeze(Object.fromEntries(actions.map((a) => [a, methods[a]])));
  };

  // The records of a reply as a list (one record: a list of one; none: empty).
  const recordsOf = (reply) => (Array.isArray(reply.data) ? reply.data : reply.data == null ? [] : [reply.data]);

  const connecApi = (config, fetchFn) => {
    const run = async (action, args) => {
      const request = sansIO.connecRequest(config, action, args);
      return sansIO.connecResponse(action, await send(request, fetchFn()));
    };
    const api = {
      /** One page: `{entity, data: [records], pagination}` (`$filter`, `$orderby`, `$top`, `$skip`). */
      list: (groupId, entity, options) => run('list', { groupId, entity, query: options }),

      /**
       * Every record, page after page, following `pagination.next` (which must be on
       * `connec.host`). A failing page rejects the iteration there.
       */
      async *all(groupId, entity, options) {
        let reply = await api.list(groupId, entity, options);
        const seen = new Set();
        for (;;) {
          yield* recordsOf(reply);
          const next = reply.pagination?.next;
          if (next == null) return;
          if (seen.has(next)) {
            throw new ApiError('api_error', `Connec! pagination loops: \`pagination.next\` ${JSON.stringify(next.slice(0, 200))} was already fetched`);
          }
          seen.add(next);
          const request = sansIO.connecNextPageRequest(config, next);
          reply = sansIO.connecResponse('list', await send(request, fetchFn()));
        }
      },

      /** One record: `{entity, data: {record}}`. */
      get: (groupId, entity, id) => run('get', { groupId, entity, id }),

      /** Creates a record (sent as `{"<entity>": record}`): `{entity, data: {record}}`. */
      create: (groupId, entity, record) => run('create', { groupId, entity, body: record }),

      /** Updates a record (PUT, sent as `{"<entity>": record}`): `{entity, data: {record}}`. */
      update: (groupId, entity, id, record) => run('update', { groupId, entity, id, body: record }),

      /**
       * Several operations in one call (`POST connec.host/batch`): `ops` is the operations array
       * (sent with `sequential: true`) or the whole `{sequential, ops}` body. Resolves
       * `{results: [{status, body}]}`; each operation's own failure is in its result.
       */
      batch: (ops) => run('batch', { body: ops }),
    };
    return Object.freeze(api);
  };

  /** The platform's APIs for one marketplace (`config`), over `fetch` (the global one by default). */
  class Client {
    #config;

    constructor(config, { fetch } = {}) {
      nativeOf(config); // a Config, or a TypeError now rather than at the first call
      if (fetch != null && typeof fetch !== 'function') throw new TypeError('fetch must be a function');
      this.#config = config;
      // Read at each call, so a global fetch installed later is used. Called as a plain
      // function (never as a method of another object, which Workers refuse).
      const fetchFn = () => fetch ?? globalThis.fetch;
      const all = ['list', 'create', 'retrieve', 'cancel'];
      this.bills = collection(config, fetchFn, 'bills', all);
      this.recurringBills = collection(config, fetchFn, 'recurring_bills', all);
      this.users = collection(config, fetchFn, 'users', ['list', 'retrieve']);
      this.groups = collection(config, fetchFn, 'groups', ['list', 'retrieve']);
      this.resellers = collection(config, fetchFn, 'resellers', ['list', 'retrieve', 'groups']);
      this.connec = connecApi(config, fetchFn);
    }

    /** The configuration this client calls with. */
    get config() {
      return this.#config;
    }
  }

  const createClient = (config, options) => new Client(config, options);
  return { Client, createClient };
}
