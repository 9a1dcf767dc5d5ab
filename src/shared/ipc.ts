/**
 * The Electron IPC contract: every channel between the preload and main, with its argument and
 * result types. Main registers one handler per invoke channel (typecheck proves none is missing)
 * and parses the arguments with `IPC_ARGUMENT_PARSERS` before the handler sees them; the preload
 * only calls channels listed here.
 */
import type {
  AddInputsOutcome,
  ExportOutcome,
  ExtractInference,
  ExtractInferRequest,
  ExtractPreview,
  InputEntry,
  SourceExcerpt,
  SystemInfo,
} from './api';
import type { JobProgress } from './progress';
import type { FileResult, ReportFormat } from './results';
import type { JobOptions } from './tasks';
import type { TimelineUpdate } from './timeline';
import {
  type PickKind,
  parseAbsolutePath,
  parseExtractInferRequest,
  parseInputIds,
  parseInteger,
  parseJobOptions,
  parseOffset,
  parseOptionalInputIds,
  parsePathList,
  parsePickKind,
  parseReportFormat,
  parseSchemaPickKind,
  type SchemaPickKind,
  ValidationError,
} from './validate';

/** Renderer → main calls (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface IpcInvokeMap {
  'xmlpool:get-system-info': { args: []; result: SystemInfo };
  'xmlpool:add-paths': { args: [paths: string[]]; result: AddInputsOutcome };
  'xmlpool:pick-inputs': { args: [kind: PickKind]; result: AddInputsOutcome };
  'xmlpool:list-inputs': { args: []; result: InputEntry[] };
  'xmlpool:remove-inputs': { args: [ids: string[]]; result: undefined };
  'xmlpool:clear-inputs': { args: []; result: undefined };
  'xmlpool:start-job': {
    args: [options: JobOptions, inputIds: string[] | null];
    result: { jobId: string };
  };
  'xmlpool:resize': { args: [workers: number]; result: undefined };
  'xmlpool:cancel': { args: []; result: undefined };
  'xmlpool:get-results': { args: []; result: FileResult[] };
  'xmlpool:read-source': { args: [file: string, offset: number]; result: SourceExcerpt };
  /** Main asks for the file with a native dialog; the result is its path, or null if cancelled. */
  'xmlpool:pick-schema': { args: [kind: SchemaPickKind]; result: string | null };
  /** Main asks where to save with a native dialog; the renderer never names a path to write. */
  'xmlpool:export-report': { args: [format: ReportFormat]; result: ExportOutcome };
  'xmlpool:get-timeline': { args: []; result: TimelineUpdate | null };
  'xmlpool:export-html-report': { args: []; result: ExportOutcome };
  'xmlpool:export-outputs': { args: []; result: ExportOutcome };
  'xmlpool:infer-extract': { args: [request: ExtractInferRequest]; result: ExtractInference };
  'xmlpool:preview-extract': { args: [options: JobOptions]; result: ExtractPreview };
  /** Main asks where to save the table with a native dialog. */
  'xmlpool:export-table': { args: []; result: ExportOutcome };
}

export type IpcInvokeChannel = keyof IpcInvokeMap;
export type IpcArgs<C extends IpcInvokeChannel> = IpcInvokeMap[C]['args'];
export type IpcResult<C extends IpcInvokeChannel> = IpcInvokeMap[C]['result'];

/** Main → renderer events (`webContents.send` / `ipcRenderer.on`). */
export interface IpcEventMap {
  'xmlpool:progress': JobProgress;
  'xmlpool:results': FileResult[];
  'xmlpool:timeline': TimelineUpdate;
}

export type IpcEventChannel = keyof IpcEventMap;

/** Largest worker count main accepts before the service checks it against the real core count. */
const MAX_WORKERS = 1024;

function noArguments(args: readonly unknown[]): [] {
  if (args.length !== 0) throw new ValidationError(`expected no arguments, got ${args.length}`);
  return [];
}

function oneArgument<T>(args: readonly unknown[], parse: (value: unknown) => T): [T] {
  if (args.length !== 1) throw new ValidationError(`expected 1 argument, got ${args.length}`);
  return [parse(args[0])];
}

/** Turns the raw `unknown[]` an IPC call carries into the channel's typed arguments, or throws. */
export const IPC_ARGUMENT_PARSERS: {
  [C in IpcInvokeChannel]: (args: readonly unknown[]) => IpcArgs<C>;
} = {
  'xmlpool:get-system-info': noArguments,
  'xmlpool:add-paths': (args) => oneArgument(args, (value) => parsePathList(value, 'paths')),
  'xmlpool:pick-inputs': (args) => oneArgument(args, parsePickKind),
  'xmlpool:list-inputs': noArguments,
  'xmlpool:remove-inputs': (args) => oneArgument(args, parseInputIds),
  'xmlpool:clear-inputs': noArguments,
  'xmlpool:start-job': (args) => {
    if (args.length !== 1 && args.length !== 2) {
      throw new ValidationError(`expected 1 or 2 arguments, got ${args.length}`);
    }
    return [parseJobOptions(args[0], MAX_WORKERS), parseOptionalInputIds(args[1])];
  },
  'xmlpool:resize': (args) =>
    oneArgument(args, (value) => parseInteger(value, 'workers', 1, MAX_WORKERS)),
  'xmlpool:cancel': noArguments,
  'xmlpool:get-results': noArguments,
  'xmlpool:read-source': (args) => {
    if (args.length !== 2) throw new ValidationError(`expected 2 arguments, got ${args.length}`);
    return [parseAbsolutePath(args[0], 'file'), parseOffset(args[1])];
  },
  'xmlpool:pick-schema': (args) => oneArgument(args, parseSchemaPickKind),
  'xmlpool:export-report': (args) => oneArgument(args, parseReportFormat),
  'xmlpool:get-timeline': noArguments,
  'xmlpool:export-html-report': noArguments,
  'xmlpool:export-outputs': noArguments,
  'xmlpool:infer-extract': (args) => oneArgument(args, parseExtractInferRequest),
  'xmlpool:preview-extract': (args) =>
    oneArgument(args, (value) => parseJobOptions(value, MAX_WORKERS)),
  'xmlpool:export-table': noArguments,
};

export function isIpcInvokeChannel(name: string): name is IpcInvokeChannel {
  return Object.hasOwn(IPC_ARGUMENT_PARSERS, name);
}

/** Electron prefixes errors thrown in main handlers; the renderer shows only the message. */
export function ipcErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
