/**
 * The job form's schema: none, each document's own, or a chosen file (with the files it could
 * be, after a browser-mode folder upload), an optional catalog, and how many errors to list per
 * file. Lives in the session, not in the form, because a drop on the window can set it too.
 * The mode and the error count are remembered between sessions; files are not (in browser mode
 * they are uploads of the session, gone with the server).
 */
import type { SchemaPick } from '../../../shared/client';
import {
  DEFAULT_SCHEMA_OPTIONS,
  MAX_ERRORS_LIMIT,
  SCHEMA_MODES,
  type SchemaMode,
  type SchemaOptions,
  type TaskName,
} from '../../../shared/tasks';

export interface SchemaChoice {
  mode: SchemaMode;
  schema: SchemaPick | null;
  catalog: SchemaPick | null;
  /** As typed; parsed when the job starts. */
  maxErrors: string;
}

const STORAGE_KEY = 'xmlpool.schema-choice.v1';

export const NO_SCHEMA: SchemaChoice = {
  mode: DEFAULT_SCHEMA_OPTIONS.mode,
  schema: null,
  catalog: null,
  maxErrors: String(DEFAULT_SCHEMA_OPTIONS.maxErrors),
};

/** A schema is named by extension when dropped: .xsd, .rng or .dtd. */
export const SCHEMA_FILE_NAME = /\.(?:xsd|rng|dtd)$/i;

export function loadSchemaChoice(): SchemaChoice {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return NO_SCHEMA;
    const mode = Reflect.get(stored, 'mode');
    const maxErrors = Reflect.get(stored, 'maxErrors');
    return {
      ...NO_SCHEMA,
      // A chosen file is not remembered: come back to "none" rather than to a missing file.
      mode: mode === 'auto' ? 'auto' : 'none',
      maxErrors:
        typeof maxErrors === 'string' && /^\d{1,6}$/.test(maxErrors)
          ? maxErrors
          : NO_SCHEMA.maxErrors,
    };
  } catch {
    return NO_SCHEMA;
  }
}

export function saveSchemaChoice(choice: SchemaChoice): void {
  try {
    window.localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ mode: choice.mode, maxErrors: choice.maxErrors }),
    );
  } catch {
    // Storage refused (privacy settings): the choice simply is not remembered.
  }
}

export function isSchemaMode(value: string): value is SchemaMode {
  return SCHEMA_MODES.some((mode) => mode === value);
}

/** The error count, or null when what was typed is not a count the backend takes. */
export function parseMaxErrors(text: string): number | null {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= 1 && value <= MAX_ERRORS_LIMIT ? value : null;
}

/** Why Start cannot go yet with this choice, or null. */
export function schemaProblem(choice: SchemaChoice, task: TaskName): string | null {
  if (task !== 'validate' || choice.mode === 'none') return null;
  if (choice.mode === 'file' && choice.schema === null) return 'Choose a schema file first';
  if (parseMaxErrors(choice.maxErrors) === null) {
    return `Max errors must be a whole number from 1 to ${MAX_ERRORS_LIMIT}`;
  }
  return null;
}

/** The job's schema options: none unless the task is validate. */
export function schemaOptionsOf(choice: SchemaChoice, task: TaskName): SchemaOptions {
  if (task !== 'validate' || choice.mode === 'none') return DEFAULT_SCHEMA_OPTIONS;
  return {
    mode: choice.mode,
    file: choice.mode === 'file' ? (choice.schema?.chosen.file ?? null) : null,
    catalogs: choice.catalog === null ? [] : [choice.catalog.chosen.file],
    maxErrors: parseMaxErrors(choice.maxErrors) ?? DEFAULT_SCHEMA_OPTIONS.maxErrors,
  };
}

/** What the validate task checks, in a few words: "Well-formed", "Valid against a.xsd". */
export function checkLabel(choice: SchemaChoice): string {
  switch (choice.mode) {
    case 'none':
      return 'Well-formed';
    case 'auto':
      return "Valid against each document's own schema";
    case 'file': {
      const name = choice.schema?.chosen.name;
      return name === undefined
        ? 'Valid against a schema (choose one)'
        : `Valid against ${name.split('/').pop()}`;
    }
  }
}
