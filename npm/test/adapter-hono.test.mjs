// maestrano/hono on Node, end to end against the local sandbox (adapter-support.mjs).
import { Hono } from 'hono';
import { ReplayCache } from 'maestrano';
import { maestrano, currentUser, signOut } from 'maestrano/hono';
import { adapterSuite } from './adapter-support.mjs';
import { makeApp } from './adapter-hono-app.mjs';

adapterSuite('hono (node)', async ({ config }) => {
  const app = makeApp({ Hono, maestrano, currentUser, signOut, config, replay: new ReplayCache() });
  return { send: (path, init) => app.request(path, init), close() {} };
});
