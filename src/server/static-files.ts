/**
 * Serves the built renderer (out/renderer). Only files strictly inside the root are served:
 * the URL path is decoded once, split into segments, and any empty, dot, dot-dot or
 * separator-bearing segment is refused before it touches the file system.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Path segments of a URL path, or null when any segment could escape the root. */
export function safeSegments(urlPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.length === 1 && segments[0] === '') return ['index.html'];
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes(':')) return null;
  }
  return segments;
}

/**
 * The file to serve for `urlPath`, or null. Symlinks are resolved and must still land inside
 * the root.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  const segments = safeSegments(urlPath);
  if (!segments) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, ...segments));
    if (!real.startsWith(realRoot + sep)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Answers a GET/HEAD for a static file; returns false when there is no such file. */
export async function serveStaticFile(
  response: ServerResponse,
  root: string,
  urlPath: string,
  headOnly: boolean,
): Promise<boolean> {
  const file = await resolveStaticFile(root, urlPath);
  if (!file) return false;
  const info = await stat(file);
  response.statusCode = 200;
  response.setHeader(
    'Content-Type',
    CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
  );
  response.setHeader('Content-Length', info.size);
  if (headOnly) {
    response.end();
    return true;
  }
  await pipeline(createReadStream(file), response);
  return true;
}
