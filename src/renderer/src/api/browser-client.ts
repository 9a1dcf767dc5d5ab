/**
 * The `XmlPoolClient` of browser mode: talks to `xmlpool serve` (src/server) over the protocol
 * in src/shared/browser-protocol.ts. Calls are `fetch` POSTs, events arrive over a WebSocket
 * that reconnects when it drops, files are uploaded as streams, and exports are downloaded.
 * The session cookie set by the server authenticates every request; nothing here handles the
 * token itself.
 */
import type {
  AddInputsOutcome,
  ExportOutcome,
  InputEntry,
  SystemInfo,
  Unsubscribe,
} from '../../../shared/api';
import {
  EVENTS_PATH,
  isServerEvent,
  isUploadBatchReceipt,
  isUploadReceipt,
  type PreparedDownload,
  RPC_PATH_PREFIX,
  RPC_RESULT_GUARDS,
  type RpcMethod,
  type RpcMethods,
  UPLOAD_BATCH_CONTENT_TYPE,
  UPLOAD_BATCH_PATH,
  UPLOAD_PATH,
  type UploadReceipt,
} from '../../../shared/browser-protocol';
import type { SchemaPick, XmlPoolClient } from '../../../shared/client';
import type { JobProgress } from '../../../shared/progress';
import type { FileResult, ReportFormat } from '../../../shared/results';
import type { JobOptions } from '../../../shared/tasks';
import type { TimelineUpdate } from '../../../shared/timeline';
import type { SchemaPickKind } from '../../../shared/validate';
import { ValueStore } from '../state/value-store';
import { RpcTransport, type TextAnswer } from './rpc-transport';
import { UploadActivity, type UploadTicket } from './upload-activity';
import { sendUpload, type UploadAnswer } from './upload-request';
import { batchHeaderLine, groupIntoRequests, type UploadRequest } from './upload-requests';

/** Folders are expanded like the server expands them: files named `*.xml` (case-sensitive). */
const FOLDER_FILE_PATTERN = /\.xml$/;
const PARALLEL_UPLOADS = 3;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyOutcome(): AddInputsOutcome {
  return { added: [], duplicates: 0, problems: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorFromAnswer({ status, statusText, text }: TextAnswer): Error {
  if (status === 401) {
    return new Error('Not authorised: open the URL printed by `xmlpool serve` again.');
  }
  const body = parseJson(text);
  const message = isRecord(body) && typeof body.error === 'string' ? body.error : '';
  return new Error(message || `The server answered ${status} ${statusText}`);
}

const transport = new RpcTransport();

/** One call to the server; the answer's shape is checked before anyone sees it. */
async function rpc<M extends RpcMethod>(
  method: M,
  ...args: RpcMethods[M]['args']
): Promise<RpcMethods[M]['result']> {
  const answer = await transport.post(`${RPC_PATH_PREFIX}${method}`, JSON.stringify(args));
  if (!answer.ok) throw errorFromAnswer(answer);
  const body = parseJson(answer.text);
  const value = isRecord(body) ? body.value : undefined;
  if (!RPC_RESULT_GUARDS[method](value)) throw new Error(`Malformed answer to ${method}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Events

type ProgressListener = (progress: JobProgress) => void;
type ResultsListener = (results: FileResult[]) => void;
type TimelineListener = (update: TimelineUpdate) => void;

function notify<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      console.error('xmlpool: an event listener failed', error);
    }
  }
}

/**
 * `lost` once an attempt to open the events socket failed (at load, or reconnecting after a
 * drop), e.g. because `xmlpool serve` was stopped: the page says so instead of silently showing
 * stale progress. A drop that reconnects at the first try never shows.
 */
export type EventsConnection = 'connecting' | 'connected' | 'lost';

/** One WebSocket shared by every subscriber, reopened with backoff while anyone listens. */
class EventChannel {
  readonly progress = new Set<ProgressListener>();
  readonly results = new Set<ResultsListener>();
  readonly timeline = new Set<TimelineListener>();
  readonly connection = new ValueStore<EventsConnection>('connecting');
  private socket: WebSocket | null = null;
  private retryMs = RECONNECT_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectedBefore = false;

  subscribe<T>(set: Set<(value: T) => void>, listener: (value: T) => void): Unsubscribe {
    set.add(listener);
    this.ensureOpen();
    return () => {
      set.delete(listener);
    };
  }

  private get wanted(): boolean {
    return this.progress.size + this.results.size + this.timeline.size > 0;
  }

  private ensureOpen(): void {
    if (this.socket !== null || this.retryTimer !== null) return;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${window.location.host}${EVENTS_PATH}`);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.retryMs = RECONNECT_FIRST_MS;
      this.connection.set('connected');
      if (this.connectedBefore) void this.resync();
      this.connectedBefore = true;
    });
    socket.addEventListener('message', (event) => this.dispatch(event.data));
    socket.addEventListener('close', () => {
      this.socket = null;
      if (!opened) this.connection.set('lost');
      if (this.wanted) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wanted) this.ensureOpen();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }

  /**
   * Results and timeline updates pushed while the socket was down are fetched again (listeners
   * replace results by file; the timeline comes whole).
   */
  private async resync(): Promise<void> {
    try {
      const [results, timeline] = await Promise.all([rpc('getResults'), rpc('getTimeline')]);
      if (results.length > 0) notify(this.results, results);
      if (timeline !== null) notify(this.timeline, timeline);
    } catch (error) {
      console.error('xmlpool: could not re-read results after reconnecting', error);
    }
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!isServerEvent(message)) return;
    if (message.type === 'progress') notify(this.progress, message.progress);
    else if (message.type === 'results') notify(this.results, message.results);
    else notify(this.timeline, message.timeline);
  }
}

// ---------------------------------------------------------------------------------------------
// Uploads

interface UploadFile {
  file: File;
  /** Slash-separated, starting with the dropped or picked item's own name. */
  relativePath: string;
}

/** One dropped or picked file or folder, with every file to upload for it. */
interface TopLevelItem {
  name: string;
  isFolder: boolean;
  files: UploadFile[];
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** `readEntries` answers in pages: call it until it returns nothing. */
async function childrenOf(entry: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = entry.createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (page.length === 0) return children;
    children.push(...page);
  }
}

async function walkEntry(entry: FileSystemEntry, path: string, out: UploadFile[]): Promise<void> {
  if (isFileEntry(entry)) {
    if (FOLDER_FILE_PATTERN.test(entry.name))
      out.push({ file: await fileOf(entry), relativePath: path });
  } else if (isDirectoryEntry(entry)) {
    const children = await childrenOf(entry);
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await walkEntry(child, `${path}/${child.name}`, out);
  }
}

async function itemFromEntry(entry: FileSystemEntry): Promise<TopLevelItem> {
  if (isFileEntry(entry)) {
    const file = await fileOf(entry);
    return { name: entry.name, isFolder: false, files: [{ file, relativePath: entry.name }] };
  }
  const files: UploadFile[] = [];
  await walkEntry(entry, entry.name, files);
  return { name: entry.name, isFolder: true, files };
}

function itemFromFile(file: File): TopLevelItem {
  return { name: file.name, isFolder: false, files: [{ file, relativePath: file.name }] };
}

/** Files from `<input webkitdirectory>`: group them by their top folder. */
function itemsFromFolderPick(files: File[], pattern = FOLDER_FILE_PATTERN): TopLevelItem[] {
  const folders = new Map<string, TopLevelItem>();
  for (const file of files) {
    const relativePath = file.webkitRelativePath || file.name;
    if (!pattern.test(file.name)) continue;
    const name = relativePath.split('/')[0] ?? relativePath;
    const folder = folders.get(name) ?? { name, isFolder: true, files: [] };
    folder.files.push({ file, relativePath });
    folders.set(name, folder);
  }
  return [...folders.values()];
}

/** Same name, sizes and dates: the same item, so it is not uploaded twice. */
function fingerprint(item: TopLevelItem): string {
  const files = item.files
    .map((f) => `${f.relativePath}\u0000${f.file.size}\u0000${f.file.lastModified}`)
    .sort();
  return `${item.isFolder ? 'd' : 'f'}\u0000${item.name}\u0000${files.join('\u0001')}`;
}

/** The JSON of a successful upload answer; an Error for any other answer. */
function receiptOf(answer: UploadAnswer): unknown {
  if (!answer.ok) throw errorFromAnswer(answer);
  return parseJson(answer.text);
}

/** One big file, streamed from disk by the browser; `onSent` follows its bytes. */
async function uploadFile(
  batch: string,
  upload: UploadFile,
  signal: AbortSignal,
  onSent: (bytes: number) => void,
): Promise<UploadReceipt> {
  const query = new URLSearchParams({ batch, path: upload.relativePath });
  // A File body is streamed from disk by the browser, never read into memory here.
  const receipt = receiptOf(
    await sendUpload({
      method: 'PUT',
      url: `${UPLOAD_PATH}?${query}`,
      contentType: 'application/octet-stream',
      body: upload.file,
      signal,
      onSent,
    }),
  );
  if (!isUploadReceipt(receipt)) throw new Error('Malformed upload receipt');
  return receipt;
}

/** Many small files in one request; the receipts are in the order of `uploads`. */
async function uploadBatch(
  batch: string,
  uploads: UploadFile[],
  signal: AbortSignal,
  onSent: (bytes: number) => void,
): Promise<UploadReceipt[]> {
  const header = uploads.map((upload) => ({ path: upload.relativePath, size: upload.file.size }));
  const headerLine = batchHeaderLine(header);
  const headerBytes = new TextEncoder().encode(headerLine).length;
  // A Blob made of Files only refers to them: the browser streams their bytes from disk.
  const body = new Blob([headerLine, ...uploads.map((upload) => upload.file)], {
    type: UPLOAD_BATCH_CONTENT_TYPE,
  });
  const receipt = receiptOf(
    await sendUpload({
      method: 'POST',
      url: `${UPLOAD_BATCH_PATH}?${new URLSearchParams({ batch })}`,
      contentType: UPLOAD_BATCH_CONTENT_TYPE,
      body,
      signal,
      // The files' bytes, not the header line's.
      onSent: (bytes) => onSent(Math.max(0, bytes - headerBytes)),
    }),
  );
  if (!isUploadBatchReceipt(receipt) || receipt.files.length !== uploads.length) {
    throw new Error('Malformed upload receipt');
  }
  return receipt.files;
}

/** Runs `task` over `items`, at most `limit` at a time; stops taking new ones once aborted. */
async function eachLimited<T>(
  items: T[],
  limit: number,
  signal: AbortSignal,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      signal.throwIfAborted();
      const item = items[next];
      next += 1;
      if (item !== undefined) await task(item);
    }
  });
  await Promise.all(runners);
}

/** A file to upload and the dropped or picked item it belongs to. */
interface QueuedFile {
  upload: UploadFile;
  item: TopLevelItem;
}

/** What the requests of one add found out, item by item. */
interface AddState {
  batch: string;
  ticket: UploadTicket;
  roots: Map<TopLevelItem, string>;
  failures: Map<TopLevelItem, string>;
  /** Where each file was stored on the server. */
  paths: Map<UploadFile, string>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Uploader {
  /** Server path of every item already uploaded this session, by fingerprint. */
  private readonly uploaded = new Map<string, string>();

  constructor(private readonly activity: UploadActivity) {}

  /**
   * Uploads what is new and adds every item (the server reports repeats as duplicates). While
   * it uploads, `activity` shows its progress; a cancel there adds nothing of this call and
   * rejects with an `AbortError`.
   */
  async add(items: TopLevelItem[]): Promise<AddInputsOutcome> {
    const fresh = items.filter((item) => !this.uploaded.has(fingerprint(item)));
    return this.withTicket(fresh, (ticket) => this.upload(items, fresh, ticket));
  }

  /**
   * Uploads files without listing them as inputs (a schema with the files it includes); resolves
   * with where each was stored. While it uploads, `activity` shows its progress.
   */
  async store(items: TopLevelItem[]): Promise<Map<UploadFile, string>> {
    return this.withTicket(items, async (ticket) => {
      const state = await this.sendAll(items, ticket);
      const [failure] = state.failures.values();
      if (failure !== undefined) throw new Error(`upload failed: ${failure}`);
      return state.paths;
    });
  }

  /** Runs an upload of `items` under one ticket of the activity. */
  private async withTicket<T>(
    items: TopLevelItem[],
    run: (ticket: UploadTicket) => Promise<T>,
  ): Promise<T> {
    const files = items.flatMap((item) => item.files);
    const bytes = files.reduce((sum, upload) => sum + upload.file.size, 0);
    const ticket = this.activity.begin(files.length, bytes);
    try {
      return await run(ticket);
    } catch (error) {
      // Whatever an aborted request failed with, the cause is the cancel.
      throw ticket.signal.aborted ? ticket.signal.reason : error;
    } finally {
      ticket.end();
    }
  }

  /** Sends every file of `items`, files of all items sharing requests; then checks for a cancel. */
  private async sendAll(items: TopLevelItem[], ticket: UploadTicket): Promise<AddState> {
    const state: AddState = {
      batch: crypto.randomUUID().replaceAll('-', '').slice(0, 12),
      ticket,
      roots: new Map(),
      failures: new Map(),
      paths: new Map(),
    };
    // Picking 2,000 loose files is as quick as a folder.
    const queued = items.flatMap((item) =>
      item.files.map((upload): QueuedFile => ({ upload, item })),
    );
    const requests = groupIntoRequests(queued, (file) => file.upload.file.size);
    await eachLimited(requests, PARALLEL_UPLOADS, ticket.signal, (request) =>
      this.send(request, state),
    );
    ticket.signal.throwIfAborted();
    return state;
  }

  private async upload(
    items: TopLevelItem[],
    fresh: TopLevelItem[],
    ticket: UploadTicket,
  ): Promise<AddInputsOutcome> {
    // Past sendAll the add is listed as a whole: a cancel no longer takes anything back.
    const state = await this.sendAll(fresh, ticket);
    const problems: string[] = [];
    const roots: string[] = [];
    for (const item of items) {
      const key = fingerprint(item);
      const known = this.uploaded.get(key);
      const root = state.roots.get(item);
      const failure = state.failures.get(item);
      if (item.files.length === 0) problems.push(`${item.name}: no .xml files in this folder`);
      else if (known !== undefined) roots.push(known);
      else if (failure !== undefined) problems.push(`${item.name}: upload failed: ${failure}`);
      else if (root !== undefined) {
        this.uploaded.set(key, root);
        roots.push(root);
      }
    }
    if (roots.length === 0) return { ...emptyOutcome(), problems };
    const outcome = await rpc('addPaths', roots);
    return { ...outcome, problems: [...problems, ...outcome.problems] };
  }

  /**
   * Sends one request. A batch stores all of its files or none, so when one that holds several
   * items fails, each item is tried on its own: only the item at fault is reported.
   */
  private async send(request: UploadRequest<QueuedFile>, state: AddState): Promise<void> {
    const { batch, ticket } = state;
    const files = (request.kind === 'single' ? [request.file] : request.files).filter(
      (file) => !state.failures.has(file.item),
    );
    if (files.length === 0) return;
    // Bytes shown as sent so far by this request: they count as they go, and come off again
    // if the request fails (its files are then sent again, or reported).
    const requestBytes = files.reduce((sum, file) => sum + file.upload.file.size, 0);
    let shown = 0;
    const onSent = (bytes: number): void => {
      const sent = Math.min(bytes, requestBytes);
      if (sent > shown) ticket.bytesSent(sent - shown);
      shown = Math.max(shown, sent);
    };
    try {
      const receipts =
        request.kind === 'single'
          ? [await uploadFile(batch, request.file.upload, ticket.signal, onSent)]
          : await uploadBatch(
              batch,
              files.map((file) => file.upload),
              ticket.signal,
              onSent,
            );
      onSent(requestBytes);
      files.forEach((file, index) => {
        const receipt = receipts[index];
        if (receipt !== undefined) {
          state.roots.set(file.item, receipt.root);
          state.paths.set(file.upload, receipt.path);
        }
        ticket.fileDone();
      });
    } catch (error) {
      ticket.bytesSent(-shown);
      if (ticket.signal.aborted) throw error;
      const items = [...new Set(files.map((file) => file.item))];
      if (items.length === 1 && items[0] !== undefined) {
        state.failures.set(items[0], messageOf(error));
        return;
      }
      for (const item of items) {
        const own = files.filter((file) => file.item === item);
        await this.send({ kind: 'batch', files: own }, state);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pickers and downloads

/** A hidden `<input type=file>`: resolves with the chosen files, or [] when the user cancels. */
function pickFiles(kind: 'files' | 'folder'): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.webkitdirectory = kind === 'folder';
    input.hidden = true;
    input.dataset.xmlpoolPicker = kind;
    const finish = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish(Array.from(input.files ?? [])), { once: true });
    input.addEventListener('cancel', () => finish([]), { once: true });
    document.body.append(input);
    input.click();
  });
}

function download(prepared: PreparedDownload): ExportOutcome {
  const anchor = document.createElement('a');
  anchor.href = prepared.url;
  anchor.download = prepared.name;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  return { status: 'downloaded', name: prepared.name };
}

function refuseDestination(destination: string | undefined): void {
  if (destination !== undefined) {
    throw new Error('In the browser, exports are downloaded; a destination path is not supported');
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas: uploaded with the files they include, never listed as inputs

/** What a schema's folder may need: schemas, DTD modules, catalogs. */
const SCHEMA_FOLDER_FILES = /\.(?:xsd|rng|dtd|ent|mod|cat|xml)$/i;
const SCHEMA_FILES = /\.(?:xsd|rng|dtd)$/i;
const CATALOG_FILES = /\.(?:xml|cat)$/i;
/** A schema folder bigger than this is most likely a folder of documents picked by mistake. */
const SCHEMA_FOLDER_MAX_FILES = 5000;
const SCHEMA_FOLDER_MAX_BYTES = 256 * 1024 * 1024;

/** Uploads the items, then offers the files of the kind wanted: the shallowest first. */
async function uploadSchema(
  uploader: Uploader,
  items: TopLevelItem[],
  kind: SchemaPickKind,
): Promise<SchemaPick | null> {
  const files = items.flatMap((item) => item.files);
  const bytes = files.reduce((sum, upload) => sum + upload.file.size, 0);
  if (files.length > SCHEMA_FOLDER_MAX_FILES || bytes > SCHEMA_FOLDER_MAX_BYTES) {
    throw new Error(
      `that folder holds ${files.length} files (${Math.round(bytes / 1e6)} MB): pick the folder of the schema and what it includes`,
    );
  }
  const stored = await uploader.store(items);
  const wanted = kind === 'schema' ? SCHEMA_FILES : CATALOG_FILES;
  const depth = (name: string) => name.split('/').length;
  const candidates = files
    .filter((upload) => wanted.test(upload.file.name) && stored.has(upload))
    .map((upload) => ({ file: stored.get(upload) ?? '', name: upload.relativePath }))
    .sort(
      (a, b) =>
        Number(/catalog/i.test(b.name) && kind === 'catalog') -
          Number(/catalog/i.test(a.name) && kind === 'catalog') ||
        depth(a.name) - depth(b.name) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  const [chosen] = candidates;
  if (chosen === undefined) {
    throw new Error(
      kind === 'schema'
        ? 'no .xsd, .rng or .dtd file in what was picked'
        : 'no catalog (.xml or .cat) in what was picked',
    );
  }
  return { chosen, candidates };
}

// ---------------------------------------------------------------------------------------------

/** What only browser mode has to show: uploads under way and the events connection. */
export interface BrowserActivity {
  uploads: UploadActivity;
  connection: ValueStore<EventsConnection>;
}

export function createBrowserClient(): { client: XmlPoolClient; activity: BrowserActivity } {
  if (typeof window === 'undefined' || !/^https?:$/.test(window.location.protocol)) {
    throw new Error('browser mode needs the page to be served by `xmlpool serve`');
  }
  const events = new EventChannel();
  const uploads = new UploadActivity();
  const uploader = new Uploader(uploads);
  const client: XmlPoolClient = {
    getSystemInfo: (): Promise<SystemInfo> => rpc('getSystemInfo'),
    addPaths: (paths: string[]) => rpc('addPaths', paths),
    listInputs: (): Promise<InputEntry[]> => rpc('listInputs'),
    removeInputs: async (ids: string[]) => {
      await rpc('removeInputs', ids);
    },
    clearInputs: async () => {
      await rpc('clearInputs');
    },
    startJob: (options: JobOptions, inputIds?: string[] | null) =>
      rpc('startJob', options, inputIds ?? null),
    resize: async (workers: number) => {
      await rpc('resize', workers);
    },
    cancel: async () => {
      await rpc('cancel');
    },
    getResults: () => rpc('getResults'),
    onProgress: (listener) => events.subscribe(events.progress, listener),
    onResults: (listener) => events.subscribe(events.results, listener),
    getTimeline: () => rpc('getTimeline'),
    onTimeline: (listener) => events.subscribe(events.timeline, listener),
    exportHtmlReport: async (destination?: string) => {
      refuseDestination(destination);
      return download(await rpc('exportHtmlReport'));
    },
    exportReport: async (format: ReportFormat, destination?: string) => {
      refuseDestination(destination);
      return download(await rpc('exportReport', format));
    },
    exportOutputs: async (destination?: string) => {
      refuseDestination(destination);
      return download(await rpc('exportOutputs'));
    },
    inferExtract: (request) => rpc('inferExtract', request),
    previewExtract: (options) => rpc('previewExtract', options),
    exportTable: async (destination?: string) => {
      refuseDestination(destination);
      return download(await rpc('exportTable'));
    },
    addDroppedItems: (dataTransfer: DataTransfer) => {
      // Entries and files must be taken now: the DataTransfer is emptied when the drop
      // handler returns. Synthetic DataTransfers (and some browsers) have no entries: use files.
      const entries: FileSystemEntry[] = [];
      const files: File[] = [];
      for (const item of Array.from(dataTransfer.items)) {
        if (item.kind !== 'file') continue;
        const entry = item.webkitGetAsEntry();
        const file = entry ? null : item.getAsFile();
        if (entry) entries.push(entry);
        else if (file) files.push(file);
      }
      if (entries.length === 0 && files.length === 0) files.push(...Array.from(dataTransfer.files));
      return (async () => {
        const items = [
          ...(await Promise.all(entries.map(itemFromEntry))),
          ...files.map(itemFromFile),
        ];
        return items.length === 0 ? emptyOutcome() : uploader.add(items);
      })();
    },
    readSource: (file: string, offset: number) => rpc('readSource', file, offset),
    pickSchema: async (kind: SchemaPickKind) => {
      // The folder, so that the files the schema includes or imports come along.
      const files = await pickFiles('folder');
      if (files.length === 0) return null;
      return uploadSchema(uploader, itemsFromFolderPick(files, SCHEMA_FOLDER_FILES), kind);
    },
    addDroppedSchema: (dataTransfer: DataTransfer) => {
      const files = Array.from(dataTransfer.files);
      return (async () =>
        files.length === 0 ? null : uploadSchema(uploader, files.map(itemFromFile), 'schema'))();
    },
    pickInputs: async (kind: 'files' | 'folder') => {
      const files = await pickFiles(kind);
      if (files.length === 0) return emptyOutcome();
      return uploader.add(kind === 'folder' ? itemsFromFolderPick(files) : files.map(itemFromFile));
    },
  };
  return { client, activity: { uploads, connection: events.connection } };
}
