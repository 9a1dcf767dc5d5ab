/**
 * The one place that decides which backend the UI talks to: the Electron preload's
 * `window.xmlpool` when it exists, else the browser-mode client of `xmlpool serve`.
 */
import type { XmlPoolClient } from '../../../shared/client';
import { errorText } from '../state/notices';
import { createBrowserClient } from './browser-client';
import { createUnavailableClient } from './unavailable-client';

function chooseClient(): XmlPoolClient {
  if (window.xmlpool) return window.xmlpool;
  try {
    return createBrowserClient();
  } catch (error) {
    return createUnavailableClient(`The xmlpool backend is unavailable: ${errorText(error)}`);
  }
}

export const api: XmlPoolClient = chooseClient();
