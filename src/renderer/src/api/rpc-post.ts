/**
 * One RPC request as the browser client makes it: a same-origin POST of a JSON body, read to the
 * end as text. Shared by the RPC worker (rpc-worker.ts) and the page's own fallback
 * (rpc-transport.ts), so both send exactly the same request.
 */
export interface RpcAnswerText {
  status: number;
  statusText: string;
  text: string;
}

export async function postRpc(path: string, body: string): Promise<RpcAnswerText> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body,
  });
  return { status: response.status, statusText: response.statusText, text: await response.text() };
}
