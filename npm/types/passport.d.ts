// Types of `maestrano/passport` (src/passport.js). passport's own types are not needed.
import type { SsoResult } from 'maestrano';
import type { AdapterOptions, MaestranoUser } from './hono.js';
import type { ExpressRequest, ExpressMiddleware } from './express.js';

/** What `verify` receives: who signed in, and the whole SSO result. */
export interface MaestranoProfile extends MaestranoUser {
  result: SsoResult;
}

/** passport's `done`: a falsy `user` refuses the sign-in (403). */
export type VerifyDone = (err: unknown, user?: unknown, info?: Record<string, unknown>) => void;

/** The strategy's options: the adapters' (state always in the signed cookie) plus passport's. */
export interface MaestranoStrategyOptions extends Omit<AdapterOptions<ExpressRequest>, 'session' | 'sso' | 'onSignIn'
  | 'onGroupCancelled' | 'onMemberRemoved' | 'onConnecNotification' | 'metadataPath' | 'logoutPath'> {
  /** Signs the state cookie (HMAC-SHA-256): at least 32 bytes. */
  secret: string | Uint8Array;
  /** The strategy's name (default `maestrano`). */
  name?: string;
  /** `verify(req, profile, done)` instead of `verify(profile, done)`. */
  passReqToCallback?: boolean;
}

/** Maestrano SSO as a passport strategy: GET starts the sign-in, POST consumes the response. */
export class MaestranoStrategy {
  constructor(options: MaestranoStrategyOptions & { passReqToCallback?: false }, verify: (profile: MaestranoProfile, done: VerifyDone) => void);
  constructor(options: MaestranoStrategyOptions & { passReqToCallback: true }, verify: (req: ExpressRequest, profile: MaestranoProfile, done: VerifyDone) => void);
  /** The strategy's name (`maestrano` by default). */
  name: string;
  /** passport's entry point. */
  authenticate(req: ExpressRequest, options?: unknown): void;
  /** Single logout: clears the state and calls `req.logout()` when the platform says so. */
  recheck(): ExpressMiddleware;
  /** Route: signs out of the app and redirects to the platform's logout. */
  logout(): ExpressMiddleware;
}
