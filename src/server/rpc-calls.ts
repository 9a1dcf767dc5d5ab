/**
 * The calls `POST /api/rpc/<method>` can make: each validates its raw JSON arguments, then calls
 * the backend service. Exports are written by the service into the session folder and handed
 * back as downloads.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ExportOutcome, XmlPoolApi } from '../shared/api';
import type { PreparedDownload, RpcMethod, RpcMethods } from '../shared/browser-protocol';
import { htmlReportFileName, outputsZipName, reportFileName } from '../shared/export-names';
import type { DownloadRegistry } from './downloads';
import { createRpcValidators, type RpcValidationContext } from './rpc-arguments';
import type { SessionFolder } from './session-folder';

export type RpcCall = (rawArgs: unknown[]) => Promise<unknown>;

function call<M extends RpcMethod>(
  validate: (raw: unknown[]) => RpcMethods[M]['args'],
  handle: (...args: RpcMethods[M]['args']) => Promise<RpcMethods[M]['result']>,
): RpcCall {
  return (raw) => handle(...validate(raw));
}

function savedPath(outcome: ExportOutcome): string {
  if (outcome.status !== 'saved') throw new Error('the export was not written');
  return outcome.path;
}

export function createRpcCalls(
  api: XmlPoolApi,
  session: SessionFolder,
  downloads: DownloadRegistry,
  context: Omit<RpcValidationContext, 'uploadsDir'>,
): Record<RpcMethod, RpcCall> {
  const v = createRpcValidators({ ...context, uploadsDir: session.uploadsDir });
  const exportFolder = async (): Promise<string> => {
    const folder = join(session.exportsDir, randomBytes(8).toString('hex'));
    await mkdir(folder);
    return folder;
  };
  return {
    getSystemInfo: call<'getSystemInfo'>(v.getSystemInfo, () => api.getSystemInfo()),
    addPaths: call<'addPaths'>(v.addPaths, (paths) => api.addPaths(paths)),
    listInputs: call<'listInputs'>(v.listInputs, () => api.listInputs()),
    removeInputs: call<'removeInputs'>(v.removeInputs, async (ids) => {
      await api.removeInputs(ids);
      return null;
    }),
    clearInputs: call<'clearInputs'>(v.clearInputs, async () => {
      await api.clearInputs();
      return null;
    }),
    startJob: call<'startJob'>(v.startJob, (options, inputIds) => api.startJob(options, inputIds)),
    resize: call<'resize'>(v.resize, async (workers) => {
      await api.resize(workers);
      return null;
    }),
    cancel: call<'cancel'>(v.cancel, async () => {
      await api.cancel();
      return null;
    }),
    getResults: call<'getResults'>(v.getResults, () => api.getResults()),
    readSource: call<'readSource'>(v.readSource, (file, offset) => api.readSource(file, offset)),
    exportReport: call<'exportReport'>(
      v.exportReport,
      async (format): Promise<PreparedDownload> => {
        const path = join(await exportFolder(), reportFileName(format));
        const written = savedPath(await api.exportReport(format, path));
        return downloads.addFile(written, basename(written));
      },
    ),
    getTimeline: call<'getTimeline'>(v.getTimeline, () => api.getTimeline()),
    exportHtmlReport: call<'exportHtmlReport'>(
      v.exportHtmlReport,
      async (): Promise<PreparedDownload> => {
        const path = join(await exportFolder(), htmlReportFileName());
        const written = savedPath(await api.exportHtmlReport(path));
        return downloads.addFile(written, basename(written));
      },
    ),
    inferExtract: call<'inferExtract'>(v.inferExtract, (request) => api.inferExtract(request)),
    previewExtract: call<'previewExtract'>(v.previewExtract, (options) =>
      api.previewExtract(options),
    ),
    exportTable: call<'exportTable'>(v.exportTable, async (): Promise<PreparedDownload> => {
      // Written by the service under its own name (it knows the table's format).
      const written = savedPath(await api.exportTable());
      return downloads.addFile(written, basename(written));
    }),
    exportOutputs: call<'exportOutputs'>(v.exportOutputs, async () => {
      const folder = join(await exportFolder(), 'outputs');
      const written = savedPath(await api.exportOutputs(folder));
      return downloads.addZipOfFolder(written, outputsZipName());
    }),
  };
}
