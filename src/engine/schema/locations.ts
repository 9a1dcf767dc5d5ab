/**
 * What a schema location, system id or file name libxml2 asks for refers to: a local file (a
 * path, or a file: URL), or something remote that xmlpool never fetches.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `C:\x` or `C:/x`: a Windows path, not a URL with the scheme `c`. */
const WINDOWS_PATH = /^[A-Za-z]:[\\/]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The local path `reference` names, or null when it is a URL of another scheme (http, urn…). */
export function localPathOf(reference: string): string | null {
  if (WINDOWS_PATH.test(reference)) return reference;
  if (reference.startsWith('file:')) {
    try {
      return fileURLToPath(reference);
    } catch {
      return null;
    }
  }
  if (SCHEME.test(reference)) return null;
  return isAbsolute(reference) ? reference : resolve(reference);
}

/** True for a reference with a scheme other than file: (http:, https:, ftp:, urn:…). */
export function isRemote(reference: string): boolean {
  return !WINDOWS_PATH.test(reference) && SCHEME.test(reference) && !reference.startsWith('file:');
}

/**
 * `reference` resolved against the document or schema at `base` (a path): a relative path
 * becomes absolute, an absolute URL stays as it is.
 */
export function resolveReference(reference: string, base: string): string {
  if (WINDOWS_PATH.test(reference) || SCHEME.test(reference)) return reference;
  try {
    return fileURLToPath(new URL(reference, pathToFileURL(base)));
  } catch {
    return reference;
  }
}
