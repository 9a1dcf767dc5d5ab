/**
 * The one place that decides which backend the UI talks to: the Electron preload's
 * `window.xmlpool` when it exists, else the browser-mode client of `xmlpool serve`.
 */
import type { XmlPoolClient } from '../../../shared/client';
import { errorText } from '../state/notices';
import { type BrowserActivity, createBrowserClient } from './browser-client';
import { createUnavailableClient } from './unavailable-client';

function chooseClient(): { client: XmlPoolClient; activity: BrowserActivity | null } {
  if (window.xmlpool) return { client: window.xmlpool, activity: null };
  try {
    return createBrowserClient();
  } catch (error) {
    const message = `The xmlpool backend is unavailable: ${errorText(error)}`;
    return { client: createUnavailableClient(message), activity: null };
  }
}

const chosen = chooseClient();

export const api: XmlPoolClient = chosen.client;
/** Uploads and connection state, in browser mode only (the desktop app adds paths at once). */
export const browserActivity: BrowserActivity | null = chosen.activity;
