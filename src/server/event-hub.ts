/**
 * Pushes the service's progress snapshots and result batches to every connected browser over
 * WebSocket. Progress is a snapshot, so a client that falls behind simply skips some; result
 * batches are never skipped, and a client too far behind is dropped (it reconnects and re-reads
 * the results).
 */
import { type WebSocket, WebSocketServer } from 'ws';
import type { XmlPoolApi } from '../shared/api';
import type { ServerEvent } from '../shared/browser-protocol';
import type { JobProgress } from '../shared/progress';

const SKIP_PROGRESS_ABOVE_BYTES = 4 * 1024 * 1024;
const DROP_CLIENT_ABOVE_BYTES = 256 * 1024 * 1024;

export class EventHub {
  /** `noServer`: the HTTP server authenticates the upgrade before handing the socket over. */
  readonly sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  #latestProgress: JobProgress | null = null;
  readonly #unsubscribe: (() => void)[];

  constructor(api: XmlPoolApi) {
    this.#unsubscribe = [
      api.onProgress((progress) => {
        this.#latestProgress = progress;
        this.#broadcast({ type: 'progress', progress }, true);
      }),
      api.onResults((results) => this.#broadcast({ type: 'results', results }, false)),
      // Timeline updates carry only what changed: like results, none may be skipped.
      api.onTimeline((timeline) => this.#broadcast({ type: 'timeline', timeline }, false)),
    ];
    this.sockets.on('connection', (socket) => this.#welcome(socket));
  }

  #welcome(socket: WebSocket): void {
    // Clients only listen; anything they send is ignored.
    socket.on('message', () => undefined);
    socket.on('error', () => socket.terminate());
    if (this.#latestProgress) {
      socket.send(JSON.stringify({ type: 'progress', progress: this.#latestProgress }));
    }
  }

  #broadcast(event: ServerEvent, skippable: boolean): void {
    const message = JSON.stringify(event);
    for (const socket of this.sockets.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > DROP_CLIENT_ABOVE_BYTES) socket.terminate();
      else if (!(skippable && socket.bufferedAmount > SKIP_PROGRESS_ABOVE_BYTES)) {
        socket.send(message);
      }
    }
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const socket of this.sockets.clients) socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }
}
