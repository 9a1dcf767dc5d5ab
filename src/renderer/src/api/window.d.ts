import type { XmlPoolClient } from '../../../shared/client';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in browser mode. */
    readonly xmlpool?: XmlPoolClient;
  }
}
