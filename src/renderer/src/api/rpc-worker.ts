/**
 * A dedicated worker that makes the browser client's RPC requests. Chrome reads a response body
 * on the thread that called `fetch`, and reading a few megabytes (the list of 10,000 inputs, or
 * their results) blocked the page's thread for 50–100 ms; here the page only receives the
 * finished text, which it parses in a few milliseconds. The page checks every answer's shape, so
 * nothing here parses or validates.
 */

import { postRpc } from './rpc-post';

/** What the page asks for: one POST of a JSON body to a same-origin path. */
export interface RpcWorkerRequest {
  id: number;
  path: string;
  body: string;
}

/** The server's answer, whatever its status, or why no answer came. */
export type RpcWorkerReply =
  | { id: number; status: number; statusText: string; text: string }
  | { id: number; failure: string };

async function answer(request: RpcWorkerRequest): Promise<RpcWorkerReply> {
  try {
    return { id: request.id, ...(await postRpc(request.path, request.body)) };
  } catch (error) {
    return { id: request.id, failure: error instanceof Error ? error.message : String(error) };
  }
}

function isRequest(value: unknown): value is RpcWorkerRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'number' &&
    'path' in value &&
    typeof value.path === 'string' &&
    'body' in value &&
    typeof value.body === 'string'
  );
}

addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isRequest(event.data)) return;
  void answer(event.data).then((reply) => postMessage(reply));
});
