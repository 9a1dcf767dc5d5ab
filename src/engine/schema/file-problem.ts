/**
 * Why a file could not be read, in words for a message that already names the file: Node's
 * messages ("ENOENT: no such file or directory, open '/x'") repeat the path and lead with a code.
 */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a component of its path is not a folder',
  ELOOP: 'symlink loop',
  ENAMETOOLONG: 'file name too long',
};

export function fileProblem(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
  return (code === null ? undefined : ERRNO_WORDS[code]) ?? error.message;
}
