/**
 * Headers sent with every response of `xmlpool serve`. The CSP is the renderer's (the meta tag of
 * src/renderer/index.html), sent as a header so it also covers API responses and downloads.
 */
import type { ServerResponse } from 'node:http';

import { cspHeader, RENDERER_CSP } from '../shared/content-security-policy';

/** The renderer's policy plus `frame-ancestors`, which only works as a header. */
export const CONTENT_SECURITY_POLICY = cspHeader(RENDERER_CSP);

export function applySecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // The whole UI is local and tiny; nothing (least of all API answers) should be cached.
  response.setHeader('Cache-Control', 'no-store');
}
