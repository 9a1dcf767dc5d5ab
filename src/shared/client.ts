/**
 * What the renderer talks to: the shared `XmlPoolApi` plus what only a UI has (dropped files,
 * native pickers). Implemented by the Electron preload and by the browser-mode client.
 * Kept out of the Node tsconfig because it uses DOM types.
 */
import type { AddInputsOutcome, XmlPoolApi } from './api';

export interface XmlPoolClient extends XmlPoolApi {
  /** Add files dropped on the window (Electron: their paths; browser: uploaded). */
  addDroppedItems(items: DataTransfer): Promise<AddInputsOutcome>;
  /** "Add files…" / "Add folder…": a native dialog in Electron, a file picker in the browser. */
  pickInputs(kind: 'files' | 'folder'): Promise<AddInputsOutcome>;
}
