/**
 * The column language of the extract task, shared by the CLI (`--columns`), the UI's column
 * editor and the validators: a spec is a comma-separated list of `name=path[:type]`.
 *
 * - `path` is relative to the record element: child steps `a/b`, an attribute as the last step
 *   (`@id`, `a/@id`), `.` for the record itself, `text()` as the last step for direct text only.
 * - `type` is one of VALUE_TYPES, `string` by default; a trailing `[]` makes a list column that
 *   keeps every match of the path (`tags/tag:string[]`).
 *
 * Pure functions, no Node: the renderer uses them as they are.
 */

export const VALUE_TYPES = ['string', 'int', 'number', 'bool', 'date', 'datetime'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export interface ColumnSpec {
  /** Column header. Anything but `=`, `,` and control characters; not blank. */
  name: string;
  /** Path relative to the record (see the module comment). */
  path: string;
  type: ValueType;
  /** Keep every match as a list (joined in text formats) instead of a single value. */
  list: boolean;
}

/** Most columns one spec may hold; far beyond any table a person reads. */
export const MAX_COLUMNS = 1000;
/** Longest column name or path accepted. */
export const MAX_COLUMN_TEXT = 512;

export class ColumnSpecError extends Error {
  override name = 'ColumnSpecError';
}

/** A step of a path: an element name (prefix allowed), `@name`, `.`, or `text()`. */
const XML_NAME = /^[\p{L}_][\p{L}\p{N}._:-]*$/u;
const CONTROL = /\p{Cc}/u;

/** Throws ColumnSpecError unless `path` is a path of the column language. */
export function checkColumnPath(path: string): void {
  if (path === '.') return;
  const steps = path.split('/');
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    if (step === 'text()' || step.startsWith('@')) {
      if (!last) {
        throw new ColumnSpecError(`in '${path}', ${step} can only be the last step`);
      }
      if (step.startsWith('@') && !XML_NAME.test(step.slice(1))) {
        throw new ColumnSpecError(`in '${path}', '${step}' is not an attribute name`);
      }
      return;
    }
    if (step === '') throw new ColumnSpecError(`'${path}' has an empty step`);
    if (!XML_NAME.test(step)) {
      throw new ColumnSpecError(`in '${path}', '${step}' is not an element name`);
    }
  });
}

export function checkColumnName(name: string): void {
  if (name.trim() === '') throw new ColumnSpecError('a column has no name');
  if (name.length > MAX_COLUMN_TEXT || CONTROL.test(name) || /[=,]/.test(name)) {
    throw new ColumnSpecError(
      `column name '${name}' must be at most ${MAX_COLUMN_TEXT} characters without '=', ',' or control characters`,
    );
  }
}

function parseType(text: string, column: string): { type: ValueType; list: boolean } {
  const list = text.endsWith('[]');
  const name = list ? text.slice(0, -2) : text;
  const type = VALUE_TYPES.find((candidate) => candidate === name);
  if (type === undefined) {
    throw new ColumnSpecError(
      `column ${column}: unknown type '${text}' (one of ${VALUE_TYPES.join(', ')}, with [] for a list)`,
    );
  }
  return { type, list };
}

function isTypeText(text: string): boolean {
  const name = text.endsWith('[]') ? text.slice(0, -2) : text;
  return VALUE_TYPES.some((type) => type === name);
}

/** Checks one column and returns it; throws ColumnSpecError. */
export function checkColumn(column: ColumnSpec): ColumnSpec {
  checkColumnName(column.name);
  if (column.path.length > MAX_COLUMN_TEXT) {
    throw new ColumnSpecError(`column ${column.name}: the path is too long`);
  }
  try {
    checkColumnPath(column.path);
  } catch (error) {
    if (error instanceof ColumnSpecError) {
      throw new ColumnSpecError(`column ${column.name}: ${error.message}`);
    }
    throw error;
  }
  return column;
}

/** Throws when two columns share a name or there are none or too many. */
export function checkColumns(columns: readonly ColumnSpec[]): void {
  if (columns.length === 0) throw new ColumnSpecError('no columns');
  if (columns.length > MAX_COLUMNS) {
    throw new ColumnSpecError(`more than ${MAX_COLUMNS} columns`);
  }
  const seen = new Set<string>();
  for (const column of columns) {
    checkColumn(column);
    if (seen.has(column.name)) throw new ColumnSpecError(`two columns are named ${column.name}`);
    seen.add(column.name);
  }
}

/**
 * `id=@id, title=title, price=price:number, tags=tags/tag:string[]` → columns. A path without a
 * name (`title`) names its column after itself, dotted (`a/@b` → `a.@b`).
 */
export function parseColumnSpec(text: string): ColumnSpec[] {
  const pieces = text
    .split(/[,\n]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  const columns = pieces.map((piece) => {
    const equals = piece.indexOf('=');
    const name = equals < 0 ? null : piece.slice(0, equals).trim();
    const rest = equals < 0 ? piece : piece.slice(equals + 1).trim();
    // The type follows the last ':' when it names a type; otherwise that ':' belongs to a
    // prefixed name (`@x:kind`). An element whose local name is a type name needs its type
    // written out: `p:int:string`.
    const colon = rest.lastIndexOf(':');
    const typed = colon > 0 && isTypeText(rest.slice(colon + 1));
    const path = typed ? rest.slice(0, colon).trim() : rest;
    const { type, list } = typed
      ? parseType(rest.slice(colon + 1), name ?? path)
      : { type: 'string' as const, list: false };
    return checkColumn({ name: name ?? columnNameFor(path), path, type, list });
  });
  checkColumns(columns);
  return columns;
}

/** The default name of a path's column: its steps joined with dots (`a/@b` → `a.@b`). */
export function columnNameFor(path: string): string {
  return path === '.' ? 'value' : path.split('/').join('.');
}

/** The spec as text, one column per line; parseColumnSpec reads it back to the same columns. */
export function formatColumnSpec(columns: readonly ColumnSpec[]): string {
  return columns
    .map((column) => {
      const type = `${column.type}${column.list ? '[]' : ''}`;
      // A path ending in a type's name (`p:int`) would be read back as that type.
      const last = column.path.slice(column.path.lastIndexOf(':') + 1);
      const written = type !== 'string' || (column.path.includes(':') && isTypeText(last));
      return `${column.name}=${column.path}${written ? `:${type}` : ''}`;
    })
    .join(',\n');
}
