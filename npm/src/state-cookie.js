// The adapters' sign-in state in a cookie (request ID, return path, user, single-logout value):
// JSON signed with HMAC-SHA-256 (WebCrypto, so the same code runs in Node and in Workers),
// verified in constant time, with its own expiry inside the signed payload; HttpOnly, SameSite=Lax,
// Secure on https. Signed, not encrypted.

/** Default lifetime of the state cookie, in seconds (one day, renewed on each write). */
export const DEFAULT_MAX_AGE = 24 * 60 * 60;

const encoder = new TextEncoder();
const b64url = (bytes) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (s) => {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

/** The value of cookie `name` in a `Cookie` header, or null. */
export function cookieValue(header, name) {
  if (typeof header !== 'string' || header.length > 16384) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/**
 * The sign-in state in a cookie: JSON signed with HMAC-SHA-256 under `secret` (at least 32
 * bytes), with its own expiry. Not encrypted: it holds the user's name, e-mail, group and the
 * single-logout value, like a signed session cookie.
 */
export class StateCookie {
  #key;

  constructor(secret, { name = 'maestrano', maxAge = DEFAULT_MAX_AGE, path = '/', domain, secure = 'auto' } = {}) {
    const bytes = typeof secret === 'string' ? encoder.encode(secret) : secret instanceof Uint8Array ? secret : null;
    if (bytes === null || bytes.length < 32) {
      throw new TypeError('the state cookie needs a `secret` of at least 32 bytes (string or Uint8Array), or pass `session`');
    }
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new TypeError(`invalid cookie name ${JSON.stringify(name)}`);
    if (!Number.isInteger(maxAge) || maxAge <= 0) throw new TypeError('cookie maxAge must be a positive number of seconds');
    this.name = name;
    this.maxAge = maxAge;
    this.path = path;
    this.domain = domain;
    this.secure = secure;
    this.#key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  /** The state in a `Cookie` header; `{}` when absent, forged, expired or corrupt. */
  async read(cookieHeader) {
    const value = cookieValue(cookieHeader, this.name);
    if (value === null || value.length > 4096) return {};
    const dot = value.indexOf('.');
    const payload = value.slice(0, dot);
    const mac = dot > 0 ? fromB64url(value.slice(dot + 1)) : null;
    if (mac === null || mac.length !== 32) return {};
    // crypto.subtle.verify compares the MACs in constant time.
    if (!(await crypto.subtle.verify('HMAC', await this.#key, mac, encoder.encode(`${this.name}=${payload}`)))) return {};
    try {
      const { exp, s } = JSON.parse(new TextDecoder().decode(fromB64url(payload)));
      if (typeof exp !== 'number' || exp * 1000 <= Date.now() || s === null || typeof s !== 'object' || Array.isArray(s)) return {};
      return s;
    } catch {
      return {};
    }
  }

  #attrs(https) {
    const secure = this.secure === 'auto' ? Boolean(https) : Boolean(this.secure);
    return `; Path=${this.path}${this.domain ? `; Domain=${this.domain}` : ''}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  /** The `Set-Cookie` value deleting the cookie. */
  clear(https) {
    return `${this.name}=; Max-Age=0${this.#attrs(https)}`;
  }

  /** The `Set-Cookie` value storing `state` (clearing the cookie when `state` is empty);
   * `https`: whether the request came over https (Secure when `secure` is 'auto'). */
  async write(state, https) {
    const attrs = this.#attrs(https);
    if (Object.keys(state).length === 0) return this.clear(https);
    const exp = Math.floor(Date.now() / 1000) + this.maxAge;
    const payload = b64url(encoder.encode(JSON.stringify({ exp, s: state })));
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await this.#key, encoder.encode(`${this.name}=${payload}`)));
    return `${this.name}=${payload}.${b64url(mac)}; Max-Age=${this.maxAge}${attrs}`;
  }
}
