/**
 * Remembers the job controls between sessions (task, options, backend, workers), so a user who
 * always converts with the same options does not set them again. Stored text is untrusted:
 * anything malformed falls back to the defaults, field by field.
 */
import { TASK_NAMES, type TaskName } from '../../../shared/tasks';
import { parseColumns, parseExtractOptions } from '../../../shared/validate';
import { isBackendChoice, parseStoredClusterForm } from './cluster-form';
import { clampWorkers, initialJobForm, type JobForm } from './job-form';

const STORAGE_KEY = 'xmlpool.job-form.v1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTask(value: unknown): value is TaskName {
  return TASK_NAMES.some((task) => task === value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length <= 10_000 ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The stored form, completed with defaults; the defaults alone when `text` is unusable. */
export function parseStoredForm(text: string | null, cores: number): JobForm {
  const defaults = initialJobForm(cores);
  let stored: unknown;
  try {
    stored = text === null ? null : JSON.parse(text);
  } catch {
    return defaults;
  }
  if (!isRecord(stored)) return defaults;
  return {
    task: isTask(stored.task) ? stored.task : defaults.task,
    rowTag: stringOr(stored.rowTag, defaults.rowTag),
    attributePrefix: stringOr(stored.attributePrefix, defaults.attributePrefix),
    textNodeName: stringOr(stored.textNodeName, defaults.textNodeName),
    alwaysArray: stringOr(stored.alwaysArray, defaults.alwaysArray),
    parseNumbers: booleanOr(stored.parseNumbers, defaults.parseNumbers),
    parseBooleans: booleanOr(stored.parseBooleans, defaults.parseBooleans),
    backend: isBackendChoice(stored.backend) ? stored.backend : defaults.backend,
    cluster: parseStoredClusterForm(stored.cluster),
    workers:
      typeof stored.workers === 'number' ? clampWorkers(stored.workers, cores) : defaults.workers,
    ...storedExtract(stored, defaults),
  };
}

/** The extract fields, checked with the backend's own validators; defaults when unusable. */
function storedExtract(
  stored: Record<string, unknown>,
  defaults: JobForm,
): Pick<JobForm, 'extractColumns' | 'tableFormat' | 'onBadValue'> {
  try {
    const extract = parseExtractOptions({
      columns: parseColumns(stored.extractColumns ?? [], 'extractColumns'),
      format: stored.tableFormat ?? defaults.tableFormat,
      onBadValue: stored.onBadValue ?? defaults.onBadValue,
    });
    return {
      extractColumns: extract.columns,
      tableFormat: extract.format,
      onBadValue: extract.onBadValue,
    };
  } catch {
    return {
      extractColumns: defaults.extractColumns,
      tableFormat: defaults.tableFormat,
      onBadValue: defaults.onBadValue,
    };
  }
}

/** Storage can be missing or refuse access (privacy settings); the form then simply resets. */
export function loadJobForm(cores: number): JobForm {
  try {
    return parseStoredForm(window.localStorage.getItem(STORAGE_KEY), cores);
  } catch {
    return initialJobForm(cores);
  }
}

export function saveJobForm(form: JobForm): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Not remembering the form is harmless.
  }
}
