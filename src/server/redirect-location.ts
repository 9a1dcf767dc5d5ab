/**
 * The Location of the redirect that moves the access token from the URL into a cookie: always a
 * path on this server's own origin. The URL parser resolves dot segments, so a request for
 * `/.//evil.example/x` has the path `//evil.example/x`, which a browser reads as a
 * scheme-relative URL to another host: sent back as it is, an open redirect.
 */

/** A path the browser resolves on our own origin: `/`, or `/` then neither `/` nor `\`. */
export function isOwnOriginPath(location: string): boolean {
  return /^\/(?![/\\])/.test(location);
}

/**
 * `pathname` with every run of slashes (or backslashes, which browsers read as slashes) made one
 * slash, followed by `search`.
 */
export function ownOriginLocation(pathname: string, search: string): string {
  const segments = pathname.split(/[/\\]+/).filter((segment) => segment !== '');
  const trailing = segments.length > 0 && /[/\\]$/.test(pathname) ? '/' : '';
  const location = `/${segments.join('/')}${trailing}${search}`;
  // Holds by construction; checked again because the cost of being wrong is an open redirect.
  return isOwnOriginPath(location) ? location : '/';
}
