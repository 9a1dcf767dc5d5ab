/**
 * What each IPC channel does in the desktop app: most forward to the backend service; the ones
 * that need a path (pick inputs, export) ask the user with a native dialog first, so the renderer
 * never chooses where main writes.
 */
import type { BrowserWindow } from 'electron';
import { OutputsExistError } from '../engine/export/existing-outputs';
import type { XmlPoolService } from '../engine/service/xml-pool-service';
import { ValidationError } from '../shared/validate';
import {
  confirmReplaceOutputs,
  pickHtmlReportDestination,
  pickInputPaths,
  pickOutputsFolder,
  pickReportDestination,
  pickSchemaPath,
  pickTableDestination,
} from './dialogs';
import type { IpcHandlers } from './ipc-handlers';

const NO_INPUTS = { added: [], duplicates: 0, problems: [] };

export function desktopHandlers(service: XmlPoolService, window: BrowserWindow): IpcHandlers {
  return {
    'xmlpool:get-system-info': () => service.getSystemInfo(),
    'xmlpool:add-paths': (paths) => service.addPaths(paths),
    'xmlpool:pick-inputs': async (kind) => {
      const paths = await pickInputPaths(window, kind);
      return paths.length === 0 ? NO_INPUTS : service.addPaths(paths);
    },
    'xmlpool:list-inputs': () => service.listInputs(),
    'xmlpool:remove-inputs': async (ids) => {
      await service.removeInputs(ids);
      return undefined;
    },
    'xmlpool:clear-inputs': async () => {
      await service.clearInputs();
      return undefined;
    },
    'xmlpool:start-job': async (options, inputIds) => {
      // Convert writes its outputs to the job's temp folder; the user copies them out with
      // "Export outputs to folder…", so the renderer never names a folder to write into.
      if (options.outDir !== null) {
        throw new ValidationError('options.outDir must be null in the desktop app');
      }
      return service.startJob(options, inputIds);
    },
    'xmlpool:resize': async (workers) => {
      await service.resize(workers);
      return undefined;
    },
    'xmlpool:cancel': async () => {
      await service.cancel();
      return undefined;
    },
    'xmlpool:get-results': () => service.getResults(),
    'xmlpool:read-source': (file, offset) => service.readSource(file, offset),
    'xmlpool:pick-schema': (kind) => pickSchemaPath(window, kind),
    'xmlpool:export-report': async (format) => {
      const destination = await pickReportDestination(window, format);
      return destination === null
        ? { status: 'cancelled' }
        : service.exportReport(format, destination);
    },
    'xmlpool:get-timeline': () => service.getTimeline(),
    'xmlpool:export-html-report': async () => {
      const destination = await pickHtmlReportDestination(window);
      return destination === null ? { status: 'cancelled' } : service.exportHtmlReport(destination);
    },
    'xmlpool:export-outputs': async () => {
      const destination = await pickOutputsFolder(window);
      if (destination === null) return { status: 'cancelled' };
      try {
        return await service.exportOutputs(destination);
      } catch (error) {
        // Outputs of an earlier export are in the way: ask before replacing them.
        if (!(error instanceof OutputsExistError)) throw error;
        if (!(await confirmReplaceOutputs(window, destination, error.count))) {
          return { status: 'cancelled' };
        }
        return service.exportOutputs(destination, { overwrite: true });
      }
    },
    'xmlpool:infer-extract': (request) => service.inferExtract(request),
    'xmlpool:preview-extract': (options) => service.previewExtract(options),
    'xmlpool:export-table': async () => {
      const format = service.tableFormat();
      if (format === null) throw new Error('Only an extract job has a table to save');
      const destination = await pickTableDestination(window, format);
      return destination === null ? { status: 'cancelled' } : service.exportTable(destination);
    },
  };
}
