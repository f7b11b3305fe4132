// A stand-in for the platform in tests: a real `node:http` server on 127.0.0.1 (ephemeral port)
// that answers with the recorded payloads of tests/fixtures/platform and records every request.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const fixtures = new URL('../../tests/fixtures/platform/', import.meta.url);

/** A recorded payload's text, e.g. `fixture('account/sandbox_bill_show.json')`. */
export const fixture = (path) => readFileSync(new URL(path, fixtures), 'utf8');

/** An absolute path inside tests/fixtures/platform. */
export const fixturePath = (path) => new URL(path, fixtures).pathname;

/**
 * Starts a server. `routes` maps `"METHOD /path"` (no query) to `{status, body, type}` or to a
 * handler `(request, res) => void` that answers itself (or never does). Every request is
 * recorded as `{method, path, query, headers, body}` in `server.requests`.
 */
export async function startServer(routes = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const recorded = {
        method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
        rawQuery: url.search, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const route = routes[`${req.method} ${url.pathname}`];
      if (typeof route === 'function') return route(recorded, res);
      if (route == null) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end(`no route ${req.method} ${url.pathname}`);
      }
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/json' });
      res.end(route.body ?? '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    routes,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export async function closedPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** `Basic base64(id:key)`. */
export const basic = (id, key) => `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}`;

/**
 * The recorded paginated Connec! reply as page `n` of 3 (two people each) on the server at
 * `url`: `pagination.next` points to the next page there, and the last page has none.
 */
export const connecPage = (url, n) => {
  const body = JSON.parse(fixture('connec/production_list_with_pagination.json'));
  body.people = [0, 1].map((i) => ({ ...body.people[0], first_name: `p${n}-${i}` }));
  body.pagination = { top: 2, skip: (n - 1) * 2, total: 6 };
  if (n < 3) body.pagination.next = `${url}/api/v2/cld-dkg601/people?%24skip=${n * 2}&%24top=2`;
  return JSON.stringify(body);
};
