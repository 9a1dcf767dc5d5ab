/**
 * What the renderer talks to: the shared `XmlPoolApi` plus what only a UI has (dropped files,
 * native pickers). Implemented by the Electron preload and by the browser-mode client.
 * Kept out of the Node tsconfig because it uses DOM types.
 */
import type { AddInputsOutcome, XmlPoolApi } from './api';
import type { SchemaPickKind } from './validate';

/** A schema or catalog file the backend can read, and the name shown for it. */
export interface SchemaFile {
  /** Absolute path on the machine running the engine. */
  file: string;
  name: string;
}

/**
 * What the user picked: one file, and the others it could have been (browser mode uploads the
 * schema's whole folder, so its includes come along; the user then chooses which is the schema).
 */
export interface SchemaPick {
  chosen: SchemaFile;
  candidates: SchemaFile[];
}

export interface XmlPoolClient extends XmlPoolApi {
  /** Add files dropped on the window (Electron: their paths; browser: uploaded). */
  addDroppedItems(items: DataTransfer): Promise<AddInputsOutcome>;
  /** "Add files…" / "Add folder…": a native dialog in Electron, a file picker in the browser. */
  pickInputs(kind: 'files' | 'folder'): Promise<AddInputsOutcome>;
  /** "Choose schema…" / "Catalog…": a native dialog in Electron, a folder upload in the browser. */
  pickSchema(kind: SchemaPickKind): Promise<SchemaPick | null>;
  /** An .xsd, .rng or .dtd dropped on the window becomes the schema (browser: uploaded alone). */
  addDroppedSchema(items: DataTransfer): Promise<SchemaPick | null>;
}
