/** Checks that data read back from disk (or received from a worker) has the FileResult shape. */
import { ERROR_MODES, type FileResult } from '../../shared/results';

export function isFileResult(value: unknown): value is FileResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.file === 'string' &&
    typeof r.index === 'number' &&
    typeof r.task === 'string' &&
    typeof r.ok === 'boolean' &&
    typeof r.bytes === 'number' &&
    typeof r.elements === 'number' &&
    ERROR_MODES.some((mode) => mode === r.errorMode) &&
    Array.isArray(r.errors) &&
    r.errors.every(isErrorShape) &&
    (r.warnings === undefined || Array.isArray(r.warnings))
  );
}

/** Enough of an XmlError for the job to handle it (split/chunk-result-guard.ts checks fully). */
function isErrorShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.kind === 'string' && typeof e.message === 'string';
}
