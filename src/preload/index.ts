/** Preload: exposes the narrow `window.xmlpool` API (added by the desktop-app issue). */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('xmlpoolShell', { platform: 'electron' });
