/**
 * Stands in when no backend can be reached at all (e.g. the bundle served by a plain static
 * server), so the UI still renders and explains the problem instead of showing a blank page.
 */
import type { XmlPoolClient } from '../../../shared/client';

export function createUnavailableClient(reason: string): XmlPoolClient {
  const fail = (): Promise<never> => Promise.reject(new Error(reason));
  const noSubscription = (): (() => void) => () => {};
  return {
    getSystemInfo: fail,
    addPaths: fail,
    listInputs: fail,
    removeInputs: fail,
    clearInputs: fail,
    startJob: fail,
    resize: fail,
    cancel: fail,
    getResults: fail,
    readSource: fail,
    onProgress: noSubscription,
    onResults: noSubscription,
    exportReport: fail,
    getTimeline: fail,
    onTimeline: noSubscription,
    exportHtmlReport: fail,
    exportOutputs: fail,
    inferExtract: fail,
    previewExtract: fail,
    exportTable: fail,
    addDroppedItems: fail,
    pickInputs: fail,
    pickSchema: fail,
    addDroppedSchema: fail,
  };
}
