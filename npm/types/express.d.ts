// Types of `maestrano/express` (src/express.js), Express 4 and 5. Express's own types are not
// needed: the middleware is typed on the parts of the Node request and response it uses.
import type { AdapterOptions, MaestranoUser } from './hono.js';

export type { AdapterOptions, MaestranoUser, SignIn, StateCookieOptions } from './hono.js';

/** The parts of an Express (Node) request the middleware uses. */
export interface ExpressRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers: { [name: string]: string | string[] | undefined };
  secure?: boolean;
  body?: unknown;
  /** Set by the middleware: who is signed in (see `currentUser`). */
  maestranoUser?: MaestranoUser | null;
  /** Set by the middleware (see `signOut`). */
  maestranoSignOut?: () => void;
}

/** The parts of a Node response the middleware uses. */
export interface ExpressResponse {
  statusCode: number;
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  end(chunk?: string | Uint8Array): unknown;
}

/** An Express middleware. */
export type ExpressMiddleware = (req: ExpressRequest, res: ExpressResponse, next: (err?: unknown) => void) => void;

/** The adapter's middleware, with `requireUser` and the shared `flow`. */
export interface MaestranoExpress extends ExpressMiddleware {
  /** Sends anybody not signed in to SSO, back to the same page after. */
  requireUser: ExpressMiddleware;
  readonly flow: { readonly initPath: string; readonly consumePath: string; readonly metadataPath: string; readonly logoutPath: string };
}

/** SSO, single logout, metadata and the platform's calls as one Express middleware. */
export function maestrano(options: AdapterOptions<ExpressRequest>): MaestranoExpress;

/** The signed-in user of this request, or null. */
export function currentUser(req: ExpressRequest): MaestranoUser | null;

/** The posted form as `{name: first value}`. */
export function readForm(req: ExpressRequest): Promise<Record<string, string>>;

/** The request body as bytes or text. */
export function readBody(req: ExpressRequest): Promise<Uint8Array | string>;

/** Adds a `Set-Cookie` header, keeping those already set. */
export function appendCookie(res: ExpressResponse, value: string): void;

/** Writes a reply (`{status, headers, body}` or a Fetch Response). */
export function sendReply(res: ExpressResponse, reply: Response | { status: number; headers: Record<string, string>; body: string }): Promise<void>;

/** Signs this request's user out of the app (not of the platform: the logout route does both). */
export function signOut(req: ExpressRequest): void;
