/**
 * What the main process trusts: the one renderer page it loaded, and the Content Security Policy
 * that page runs under. Pure (no Electron import) so it is unit tested under Node.
 */

/**
 * Same policy as the meta tag in src/renderer/index.html (a test keeps them equal). Main also
 * sends it as a header for pages served over HTTP (the dev server); file:// pages use the tag.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface RendererLocation {
  /** file:// URL of the built renderer's index.html (production). */
  fileUrl: string;
  /** electron-vite's dev server URL, set only by `electron-vite dev`. */
  devServerUrl: string | null;
}

/** True when `url` is our renderer page: the built file, or a page of the dev server. */
export function isTrustedRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.devServerUrl !== null) {
    const dev = new URL(location.devServerUrl);
    if (parsed.origin === dev.origin && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
      return true;
    }
  }
  const file = new URL(location.fileUrl);
  return (
    parsed.protocol === 'file:' && parsed.host === file.host && parsed.pathname === file.pathname
  );
}
