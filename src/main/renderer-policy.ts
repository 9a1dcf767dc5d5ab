/**
 * What the main process trusts: the one renderer page it loaded, and the Content Security Policy
 * that page runs under. Pure (no Electron import) so it is unit tested under Node.
 */
import { cspHeader, RENDERER_CSP } from '../shared/content-security-policy';

/** The policy of the meta tag in src/renderer/index.html (src/shared/content-security-policy). */
export const CONTENT_SECURITY_POLICY = RENDERER_CSP;

/**
 * The policy under `electron-vite dev` only, never for the built app: Vite's dev server injects
 * the CSS as inline <style> elements and React Refresh needs an inline module script, so the
 * strict policy would leave the page unstyled and broken. electron.vite.config.ts puts it in the
 * dev page's meta tag; main sends it as the header while it loads the dev server.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export interface RendererLocation {
  /** file:// URL of the built renderer's index.html (production). */
  fileUrl: string;
  /** electron-vite's dev server URL, set only by `electron-vite dev`. */
  devServerUrl: string | null;
}

/** The CSP header main sends for the page at `location`. */
export function contentSecurityPolicyFor(location: RendererLocation): string {
  return cspHeader(
    location.devServerUrl === null ? CONTENT_SECURITY_POLICY : DEV_CONTENT_SECURITY_POLICY,
  );
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
    parsed.protocol === 'file:' &&
    parsed.host === file.host &&
    filePath(parsed) !== null &&
    filePath(parsed) === filePath(file)
  );
}

/**
 * The path a file: URL names. Compared decoded because Chromium and Node percent-encode a few
 * characters differently (the frame's URL comes from Chromium, ours from pathToFileURL); only
 * the exact path matches, so `index.html.evil` or a sibling page never does.
 */
function filePath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}
