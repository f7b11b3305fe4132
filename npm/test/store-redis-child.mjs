// One app process of the Redis store test: validates the SAMLResponse it is given, says `ready`,
// and on `go` (stdin) consumes the assertion through ReplayCache(RedisStore) on the shared Redis;
// prints `won`, `replayed` or `error <kind>`.
import { createClient } from 'redis';
import { autoConfigure, ReplayCache, sso, MaestranoError } from 'maestrano';
import { RedisStore } from 'maestrano/redis';

const { REDIS_URL, MNO_ENV, SAML, REQUEST_ID } = process.env;
const redis = await createClient({ url: REDIS_URL }).on('error', () => {}).connect();
const presets = await autoConfigure({ env: JSON.parse(MNO_ENV) });
const config = presets.get(presets.names()[0]);
const result = sso.validateResponse(config, SAML, { requestId: REQUEST_ID });
const replay = new ReplayCache(new RedisStore(redis));
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  try {
    await replay.check(config, result);
    process.stdout.write('won\n');
  } catch (e) {
    process.stdout.write(e instanceof MaestranoError && e.kind === 'replayed' ? 'replayed\n' : `error ${e.message}\n`);
  }
  await redis.quit();
  process.exit(0);
});
