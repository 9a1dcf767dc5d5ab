/**
 * Registers one ipcMain handler per channel of the typed IPC map (src/shared/ipc.ts). Every call
 * is checked twice before a handler runs: the sender must be our window's top frame showing our
 * renderer page, and the arguments must parse with the channel's validator.
 */
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import {
  IPC_ARGUMENT_PARSERS,
  type IpcArgs,
  type IpcInvokeChannel,
  type IpcResult,
  isIpcInvokeChannel,
} from '../shared/ipc';
import { isTrustedRendererUrl, type RendererLocation } from './renderer-policy';

export type IpcHandlers = {
  [C in IpcInvokeChannel]: (...args: IpcArgs<C>) => Promise<IpcResult<C>>;
};

/** The frame that sent an IPC call is our window's top frame, showing our renderer page. */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow,
  location: RendererLocation,
): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null &&
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame.parent === null &&
    isTrustedRendererUrl(frame.url, location)
  );
}

function register<C extends IpcInvokeChannel>(
  channel: C,
  handler: IpcHandlers[C],
  trusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  const parse = IPC_ARGUMENT_PARSERS[channel];
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!trusted(event))
      throw new Error(`refused ${channel}: the caller is not the xmlpool window`);
    return handler(...parse(args));
  });
}

/** Registers every handler; returns a function that removes them. */
export function registerIpcHandlers(
  handlers: IpcHandlers,
  window: BrowserWindow,
  location: RendererLocation,
): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => isTrustedSender(event, window, location);
  const channels = Object.keys(handlers).filter(isIpcInvokeChannel);
  for (const channel of channels) registerChannel(channel, handlers, trusted);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function registerChannel<C extends IpcInvokeChannel>(
  channel: C,
  handlers: IpcHandlers,
  trusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  register(channel, handlers[channel], trusted);
}
