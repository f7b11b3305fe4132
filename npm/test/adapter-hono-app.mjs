// The Hono app of the adapter tests, on Node and in workerd (its pieces are passed in, so the
// same code runs in both): `maestrano/hono` mounted with hooks that record their calls.
export const SECRET = 'adapter-test-secret-0123456789abcdef';

/** The app and its hooks' calls (see adapter-support.mjs `adapterSuite`). */
export function makeApp({ Hono, maestrano, currentUser, signOut, config, replay, requestIds, fetch }) {
  const calls = { signIn: [], groupCancelled: [], memberRemoved: [], connec: [] };
  const app = new Hono();
  const mno = maestrano({
    config, replay, requestIds, fetch, secret: SECRET, logger: { warn() {} },
    onSignIn(signIn, c) {
      if (signIn.user.groupUid === 'cld-1') return c.html('<h1>Access refused</h1>', 403);
      calls.signIn.push(signIn.user.uid);
      return undefined;
    },
    onGroupCancelled: (event) => { calls.groupCancelled.push(event.groupId); },
    onMemberRemoved: (event) => { calls.memberRemoved.push([event.groupId, event.userId]); },
    onConnecNotification: (event, records) => {
      for (const [entity, list] of Object.entries(records)) calls.connec.push([entity, list.length]);
    },
  });
  app.use(mno);
  app.get('/', mno.requireUser, (c) => c.text(`signed in as ${currentUser(c).uid} in ${currentUser(c).groupUid}`));
  app.get('/x', mno.requireUser, (c) => c.text('page x'));
  app.get('/calls', (c) => c.json(calls));
  app.get('/signout', (c) => {
    signOut(c);
    return c.text(`signed out: ${currentUser(c) === null}`);
  });
  return app;
}
