/**
 * The renderer's Content Security Policy, in one place: src/renderer/index.html carries it as a
 * meta tag (tests keep the two equal), Electron main and browser mode send it as a header.
 *
 * `connect-src 'self'` also covers browser mode's WebSocket to its own host and port (CSP 3).
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The header form: browsers ignore `frame-ancestors` in a meta tag (and log an error for it). */
export function cspHeader(policy: string): string {
  return `${policy}; frame-ancestors 'none'`;
}
