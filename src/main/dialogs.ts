/** Native dialogs: the only way the renderer gets a path to read from or write to. */
import { type BrowserWindow, dialog } from 'electron';
import { htmlReportFileName, reportFileName, tableFileName } from '../shared/export-names';
import type { ReportFormat } from '../shared/results';
import type { TableFormat } from '../shared/tasks';
import type { PickKind, SchemaPickKind } from '../shared/validate';

const XML_FILTERS = [
  { name: 'XML files', extensions: ['xml'] },
  { name: 'All files', extensions: ['*'] },
];

/** "Add files…" / "Add folder…": the chosen paths, or none when cancelled. */
export async function pickInputPaths(window: BrowserWindow, kind: PickKind): Promise<string[]> {
  const result = await dialog.showOpenDialog(window, {
    title: kind === 'files' ? 'Add files' : 'Add folder',
    buttonLabel: 'Add',
    properties:
      kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
    ...(kind === 'files' ? { filters: XML_FILTERS } : {}),
  });
  return result.canceled ? [] : result.filePaths;
}

const SCHEMA_FILTERS = [
  { name: 'Schemas (XSD, RELAX NG, DTD)', extensions: ['xsd', 'rng', 'dtd'] },
  { name: 'All files', extensions: ['*'] },
];
const CATALOG_FILTERS = [
  { name: 'XML catalogs', extensions: ['xml', 'cat'] },
  { name: 'All files', extensions: ['*'] },
];

/** "Choose schema…" / "Catalog…": the chosen file, or null when cancelled. */
export async function pickSchemaPath(
  window: BrowserWindow,
  kind: SchemaPickKind,
): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: kind === 'schema' ? 'Choose a schema' : 'Choose an XML catalog',
    buttonLabel: 'Choose',
    properties: ['openFile'],
    filters: kind === 'schema' ? SCHEMA_FILTERS : CATALOG_FILTERS,
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export async function pickReportDestination(
  window: BrowserWindow,
  format: ReportFormat,
): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, {
    title: 'Export report',
    defaultPath: reportFileName(format),
    filters:
      format === 'csv-errors'
        ? [{ name: 'CSV (one row per error)', extensions: ['csv'] }]
        : [{ name: format.toUpperCase(), extensions: [format] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || result.filePath === undefined ? null : result.filePath;
}

export async function pickHtmlReportDestination(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, {
    title: 'Export HTML report',
    defaultPath: htmlReportFileName(),
    filters: [{ name: 'HTML', extensions: ['html'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || result.filePath === undefined ? null : result.filePath;
}

export async function pickTableDestination(
  window: BrowserWindow,
  format: TableFormat,
): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, {
    title: 'Save table',
    defaultPath: tableFileName(format),
    filters: [{ name: format.toUpperCase(), extensions: [format] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || result.filePath === undefined ? null : result.filePath;
}

export async function pickOutputsFolder(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Export outputs to folder',
    buttonLabel: 'Export here',
    properties: ['openDirectory', 'createDirectory'],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Asked when the folder chosen for the outputs already holds some of them. */
export async function confirmReplaceOutputs(
  window: BrowserWindow,
  folder: string,
  count: number,
): Promise<boolean> {
  const result = await dialog.showMessageBox(window, {
    type: 'warning',
    title: 'Replace outputs?',
    message: `${folder} already holds ${count === 1 ? 'an output' : `${count} outputs`} of this job.`,
    detail: 'Replacing them loses the earlier files. Choose another folder to keep them.',
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  return result.response === 0;
}

/** Asked when the user quits while a job runs. */
export async function confirmQuitDuringJob(window: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'A job is running',
    message: 'A job is still running. Quit and cancel it?',
    detail: 'Results of files that have finished are lost unless you export them first.',
    buttons: ['Cancel job and quit', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const result = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options);
  return result.response === 0;
}
