/**
 * Sends the browser client's RPC requests through a dedicated worker (see rpc-worker.ts), so
 * that reading a large answer never blocks the page. Where the worker cannot run (no Worker, or
 * its script fails to load) requests fall back to `fetch` on the page's own thread.
 */
import { postRpc } from './rpc-post';
import type { RpcWorkerReply, RpcWorkerRequest } from './rpc-worker';

/** An HTTP answer, read to the end as text. */
export interface TextAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  text: string;
}

interface Pending {
  resolve(answer: TextAnswer): void;
  reject(error: Error): void;
  request: RpcWorkerRequest;
}

function isReply(value: unknown): value is RpcWorkerReply {
  if (typeof value !== 'object' || value === null || !('id' in value)) return false;
  if (typeof value.id !== 'number') return false;
  if ('failure' in value) return typeof value.failure === 'string';
  return (
    'status' in value &&
    typeof value.status === 'number' &&
    'statusText' in value &&
    typeof value.statusText === 'string' &&
    'text' in value &&
    typeof value.text === 'string'
  );
}

function toAnswer(status: number, statusText: string, text: string): TextAnswer {
  return { ok: status >= 200 && status < 300, status, statusText, text };
}

async function postOnThisThread(path: string, body: string): Promise<TextAnswer> {
  const { status, statusText, text } = await postRpc(path, body);
  return toAnswer(status, statusText, text);
}

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./rpc-worker.ts', import.meta.url), {
      type: 'module',
      name: 'xmlpool-rpc',
    });
  } catch {
    return null;
  }
}

export class RpcTransport {
  private worker: Worker | null | undefined;
  /** Whether the worker has answered anything, i.e. its script did load. */
  private workerAnswered = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** POSTs `body` (JSON) to the same-origin `path` and reads the whole answer. */
  post(path: string, body: string): Promise<TextAnswer> {
    const worker = this.ensureWorker();
    if (worker === null) return postOnThisThread(path, body);
    const request: RpcWorkerRequest = { id: this.nextId++, path, body };
    return new Promise<TextAnswer>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, request });
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    const worker = startWorker();
    this.worker = worker;
    if (worker === null) return null;
    worker.addEventListener('message', (event: MessageEvent<unknown>) => this.settle(event.data));
    worker.addEventListener('error', () => this.abandonWorker(worker));
    return worker;
  }

  private settle(data: unknown): void {
    if (!isReply(data)) return;
    const pending = this.pending.get(data.id);
    if (pending === undefined) return;
    this.workerAnswered = true;
    this.pending.delete(data.id);
    if ('failure' in data)
      pending.reject(new Error(`The server could not be reached: ${data.failure}`));
    else pending.resolve(toAnswer(data.status, data.statusText, data.text));
  }

  /**
   * From now on requests go out on this thread. If the worker's script never loaded, nothing in
   * flight reached the server, so it is sent again; otherwise it may have, and a call such as
   * startJob must not be made twice, so it fails.
   */
  private abandonWorker(worker: Worker): void {
    worker.terminate();
    this.worker = null;
    const stranded = [...this.pending.values()];
    this.pending.clear();
    for (const { request, resolve, reject } of stranded) {
      if (this.workerAnswered) reject(new Error('The request was interrupted; try again'));
      else postOnThisThread(request.path, request.body).then(resolve, reject);
    }
  }
}
