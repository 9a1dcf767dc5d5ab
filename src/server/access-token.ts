/**
 * The per-run secret that guards every request of `xmlpool serve`. It arrives once in the URL the
 * server prints, is moved into a cookie, and is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the content nor the
 * length of the expected token leaks through timing.
 */
export function tokensMatch(expected: string, candidate: string | undefined | null): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

/**
 * Cookies are not separated by port, so two servers on 127.0.0.1 would overwrite each other's
 * cookie under one name: the port is part of it.
 */
export function tokenCookieName(port: number): string {
  return `xmlpool_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie from a `Cookie` request header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
