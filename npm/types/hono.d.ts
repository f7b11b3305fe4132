// Types of `maestrano/hono` (src/hono.js). Hono's own types are not needed: the middleware is
// typed on the parts of Hono's context it uses.
import type { Config, ReplayCache, ReplayStore, SsoResult, WebhookEvent, PlatformRecord } from 'maestrano';

/** Who signed in, as the adapters keep it. `uid` is the app's uid (masked in virtual mode). */
export interface MaestranoUser {
  uid: string;
  /** The platform's uid (for `config.logoutUrl`). */
  realUid: string;
  email: string;
  firstName: string;
  lastName: string;
  groupUid: string;
  groupName: string;
  role: string;
}

/** A finished sign-in, as the `onSignIn` hook receives it. */
export interface SignIn {
  result: SsoResult;
  user: MaestranoUser;
  /** The same-origin path the browser is sent to. */
  returnTo: string;
}

/** The state cookie's settings. */
export interface StateCookieOptions {
  /** Cookie name (default `maestrano`). */
  name?: string;
  /** Lifetime in seconds, renewed on each write (default 86400). */
  maxAge?: number;
  path?: string;
  domain?: string;
  /** `'auto'` (default): Secure when the request came over https. */
  secure?: boolean | 'auto';
}

/** What every adapter takes (`Ctx`: the framework's request context its hooks receive). */
export interface AdapterOptions<Ctx> {
  config: Config;
  /** Signs the state cookie (HMAC-SHA-256): at least 32 bytes. Not needed with `session`. */
  secret?: string | Uint8Array;
  /** The app's own session object to keep the state in, instead of the cookie. */
  session?: (ctx: Ctx) => Record<string, unknown>;
  /** Consumed assertions (default: in memory, one process only). */
  replay?: ReplayCache;
  /** A shared store (e.g. `RedisStore`) accepting each pending sign-in request once, fleet-wide. */
  requestIds?: ReplayStore;
  cookie?: StateCookieOptions;
  /** Default `/maestrano/metadata` (HTTP Basic). */
  metadataPath?: string;
  /** Default `/maestrano/logout`. */
  logoutPath?: string;
  /** `false`: only the platform's calls and metadata (no SSO routes, no state). */
  sso?: boolean;
  /** The fetch of the session check (the global one by default). */
  fetch?: typeof fetch;
  /** Where refusals are logged (default `console`). */
  logger?: { warn(message: string): void };
  /** After each valid sign-in: `false` or a Response refuses it (the user stays signed out). */
  onSignIn?: (signIn: SignIn, ctx: Ctx) => void | false | Response | Promise<void | false | Response>;
  onGroupCancelled?: (event: WebhookEvent, ctx: Ctx) => void | Promise<void>;
  onMemberRemoved?: (event: WebhookEvent, ctx: Ctx) => void | Promise<void>;
  onConnecNotification?: (event: WebhookEvent, records: Record<string, PlatformRecord[]>, ctx: Ctx) => void | Promise<void>;
}

/** The parts of Hono's `Context` the middleware uses. */
export interface HonoContext {
  req: {
    url: string;
    method: string;
    raw: Request;
    header(name: string): string | undefined;
    arrayBuffer(): Promise<ArrayBuffer>;
  };
  get(key: 'maestranoUser' | 'maestranoSignOut'): unknown;
  set(key: 'maestranoUser', value: MaestranoUser | null): void;
  set(key: 'maestranoSignOut', value: () => void): void;
  header(name: string, value: string, options?: { append?: boolean }): void;
  redirect(location: string, status?: 302): Response;
}

/** A Hono middleware. */
export type HonoMiddleware = (c: HonoContext, next: () => Promise<void>) => Promise<Response | void>;

/** The adapter's middleware, with `requireUser` and the shared `flow`. */
export interface MaestranoHono extends HonoMiddleware {
  /** Sends anybody not signed in to SSO, back to the same page after. */
  requireUser: HonoMiddleware;
  readonly flow: { readonly initPath: string; readonly consumePath: string; readonly metadataPath: string; readonly logoutPath: string };
}

/** The context key of the signed-in user. */
export const USER_KEY: 'maestranoUser';

/** SSO, single logout, metadata and the platform's calls as one Hono middleware. */
export function maestrano(options: AdapterOptions<HonoContext>): MaestranoHono;

/** The signed-in user of this request, or null. */
export function currentUser(c: HonoContext): MaestranoUser | null;

/** Signs this request's user out of the app (not of the platform: the logout route does both). */
export function signOut(c: HonoContext): void;
