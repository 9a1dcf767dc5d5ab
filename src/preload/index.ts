/**
 * Preload (sandboxed, bundled to one CommonJS file): exposes `window.xmlpool`, the narrow
 * XmlPoolClient API, and nothing else. Never ipcRenderer itself: the page can only call the
 * channels of the typed IPC map (src/shared/ipc.ts), and main validates every argument again.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import type { AddInputsOutcome, Unsubscribe } from '../shared/api';
import type { SchemaPick, XmlPoolClient } from '../shared/client';
import {
  type IpcArgs,
  type IpcEventChannel,
  type IpcEventMap,
  type IpcInvokeChannel,
  type IpcResult,
  ipcErrorMessage,
} from '../shared/ipc';

/**
 * Main is trusted and its handlers are typed against the same map, so the result has the
 * channel's type; only the error text is rewritten (Electron prefixes it with the channel).
 */
async function invoke<C extends IpcInvokeChannel>(
  channel: C,
  ...args: IpcArgs<C>
): Promise<IpcResult<C>> {
  try {
    return await ipcRenderer.invoke(channel, ...args);
  } catch (error) {
    throw new Error(ipcErrorMessage(error));
  }
}

function subscribe<E extends IpcEventChannel>(
  channel: E,
  listener: (payload: IpcEventMap[E]) => void,
): Unsubscribe {
  const handler = (_event: IpcRendererEvent, payload: IpcEventMap[E]): void => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

/**
 * Paths of the files and folders of the latest drop. A DataTransfer cannot cross the context
 * bridge (its `files` live on the prototype, which the bridge drops), so the preload reads them
 * from the drop event itself: its capture listener on window runs before the page's handler,
 * which then calls `addDroppedItems` synchronously.
 */
let droppedPaths: string[] = [];
window.addEventListener(
  'drop',
  (event) => {
    const files = event.dataTransfer ? Array.from(event.dataTransfer.files) : [];
    droppedPaths = files.map((file) => webUtils.getPathForFile(file)).filter((path) => path !== '');
  },
  true,
);

const NO_INPUTS: AddInputsOutcome = { added: [], duplicates: 0, problems: [] };

/** A path as a schema pick; the sandboxed preload has no node:path. */
function schemaPick(path: string | null): SchemaPick | null {
  if (path === null) return null;
  const chosen = { file: path, name: path.split(/[\\/]/).pop() ?? path };
  return { chosen, candidates: [chosen] };
}

function refuseDestination(destination: string | undefined): void {
  if (destination !== undefined) {
    throw new Error('The desktop app asks where to save with a dialog; pass no destination');
  }
}

const xmlpool: XmlPoolClient = {
  getSystemInfo: () => invoke('xmlpool:get-system-info'),
  addPaths: (paths) => invoke('xmlpool:add-paths', paths),
  listInputs: () => invoke('xmlpool:list-inputs'),
  removeInputs: (ids) => invoke('xmlpool:remove-inputs', ids),
  clearInputs: () => invoke('xmlpool:clear-inputs'),
  startJob: (options, inputIds) => invoke('xmlpool:start-job', options, inputIds ?? null),
  resize: (workers) => invoke('xmlpool:resize', workers),
  cancel: () => invoke('xmlpool:cancel'),
  getResults: () => invoke('xmlpool:get-results'),
  readSource: (file, offset) => invoke('xmlpool:read-source', file, offset),
  onProgress: (listener) => subscribe('xmlpool:progress', listener),
  onResults: (listener) => subscribe('xmlpool:results', listener),
  getTimeline: () => invoke('xmlpool:get-timeline'),
  onTimeline: (listener) => subscribe('xmlpool:timeline', listener),
  exportHtmlReport: async (destination) => {
    refuseDestination(destination);
    return invoke('xmlpool:export-html-report');
  },
  exportReport: async (format, destination) => {
    refuseDestination(destination);
    return invoke('xmlpool:export-report', format);
  },
  exportOutputs: async (destination) => {
    refuseDestination(destination);
    return invoke('xmlpool:export-outputs');
  },
  inferExtract: (request) => invoke('xmlpool:infer-extract', request),
  previewExtract: (options) => invoke('xmlpool:preview-extract', options),
  exportTable: async (destination) => {
    refuseDestination(destination);
    return invoke('xmlpool:export-table');
  },
  addDroppedItems: async (_items) => {
    const paths = droppedPaths;
    droppedPaths = [];
    return paths.length === 0 ? NO_INPUTS : invoke('xmlpool:add-paths', paths);
  },
  pickInputs: (kind) => invoke('xmlpool:pick-inputs', kind),
  pickSchema: async (kind) => schemaPick(await invoke('xmlpool:pick-schema', kind)),
  addDroppedSchema: async (_items) => {
    const [path] = droppedPaths;
    droppedPaths = [];
    return schemaPick(path ?? null);
  },
};

contextBridge.exposeInMainWorld('xmlpool', xmlpool);
