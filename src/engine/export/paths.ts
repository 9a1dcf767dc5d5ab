/** Path rules that keep outputs away from inputs. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `child` is `parent` or lies below it. */
export function isInsideOrSame(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** True when one folder contains the other (or they are the same). */
export function foldersOverlap(a: string, b: string): boolean {
  return isInsideOrSame(a, b) || isInsideOrSame(b, a);
}
