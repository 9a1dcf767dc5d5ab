/**
 * The HTTP + WebSocket server of `xmlpool serve`: the renderer bundle, RPC calls, uploads (one
 * big file per request, or many small ones), downloads and pushed events, all behind the per-run
 * token.
 *
 * Why HTTP for calls and a WebSocket only for events: every call is an independent request with
 * its own status code, so there is no request-id bookkeeping and nothing to replay when the
 * socket drops; the socket only carries what the server pushes (progress, results).
 *
 * Order of checks for every request: Host (DNS rebinding), token (query once, then cookie),
 * then for the API same-origin (Origin / Sec-Fetch-Site) before the route runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { XmlPoolApi } from '../shared/api';
import {
  DOWNLOAD_PATH_PREFIX,
  EVENTS_PATH,
  RPC_PATH_PREFIX,
  UPLOAD_BATCH_PATH,
  UPLOAD_PATH,
} from '../shared/browser-protocol';
import { ValidationError } from '../shared/validate';
import {
  createAccessToken,
  readCookie,
  tokenCookie,
  tokenCookieName,
  tokensMatch,
} from './access-token';
import { DownloadRegistry } from './downloads';
import { EventHub } from './event-hub';
import { ownOriginLocation } from './redirect-location';
import { createRpcCalls, type RpcCall } from './rpc-calls';
import { applySecurityHeaders } from './security-headers';
import type { SessionFolder } from './session-folder';
import { serveStaticFile } from './static-files';
import { receiveUploadBatch } from './upload-batches';
import { receiveUpload, UploadError } from './uploads';

export interface BrowserServerOptions {
  api: XmlPoolApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  session: SessionFolder;
  host?: string;
  /** 0 lets the OS choose. */
  port?: number;
  /** Largest single uploaded file, in bytes. */
  maxUploadBytes?: number;
}

export interface BrowserServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Resolves with the error if the listening server fails (it never resolves otherwise). */
  failed: Promise<Error>;
  close(): Promise<void>;
}

const MAX_RPC_BODY_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Host headers this server answers to: its own address (and loopback aliases), never others. */
function allowedHosts(host: string, port: number): Set<string> | null {
  if (host === '0.0.0.0' || host === '::') return null; // listening everywhere: any name may reach it
  const names = new Set([hostForUrl(host)]);
  if (LOOPBACK_NAMES.includes(hostForUrl(host))) for (const name of LOOPBACK_NAMES) names.add(name);
  return new Set([...names].map((name) => `${name}:${port}`));
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  // A JSON content type cannot be sent cross-origin without a CORS preflight, which is never granted.
  if (!/^application\/json(;|$)/i.test(type)) throw new HttpError(415, 'expected application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_RPC_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

const UNAUTHORIZED_NO_TOKEN = 'Unauthorized: open the URL printed by `xmlpool serve`.';
const UNAUTHORIZED_WRONG_TOKEN =
  'Unauthorized: this address holds a token this server did not issue; every run of `xmlpool serve` prints a new one. Open the URL it printed last.';

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(`${text}\n`);
}

/**
 * Refuses a request before any route reads it, and closes the connection: its body (an upload,
 * perhaps gigabytes) is not read. Left open, Node would read and discard the whole body to keep
 * the connection alive for the next request.
 */
function refuse(response: ServerResponse, status: 401 | 403, text: string): void {
  // Node ends a `Connection: close` response by closing the socket once the answer is out; it
  // reads no more of the body than arrived before that.
  response.setHeader('Connection', 'close');
  sendText(response, status, text);
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** Runs one RPC call: 404 for unknown names, 400 for bad arguments, 409 when the service refuses. */
async function answerCall(
  calls: Record<string, RpcCall>,
  name: string,
  request: IncomingMessage,
): Promise<unknown> {
  const call = Object.hasOwn(calls, name) ? calls[name] : undefined;
  if (!call) throw new HttpError(404, 'unknown method');
  const args = await readJsonBody(request);
  if (!Array.isArray(args)) throw new HttpError(400, 'the body must be a JSON array of arguments');
  try {
    return (await call(args)) ?? null;
  } catch (error) {
    if (error instanceof ValidationError) throw new HttpError(400, error.message);
    // The service refused: a job is already running, there is nothing to export, ...
    throw new HttpError(409, error instanceof Error ? error.message : String(error));
  }
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { api, rendererDir, session } = options;
  const host = options.host ?? '127.0.0.1';
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const token = createAccessToken();
  const { cores } = await api.getSystemInfo();
  const downloads = new DownloadRegistry();
  const calls: Record<string, RpcCall> = createRpcCalls(api, session, downloads, {
    maxWorkers: cores,
  });
  const events = new EventHub(api);
  let port = 0;
  let hosts: Set<string> | null = null;

  const hostAllowed = (request: IncomingMessage): boolean =>
    hosts === null || hosts.has(request.headers.host ?? '');
  const ownOrigin = (request: IncomingMessage): string => `http://${request.headers.host ?? ''}`;
  const hasToken = (request: IncomingMessage): boolean =>
    tokensMatch(token, readCookie(request.headers.cookie, tokenCookieName(port)));
  const sameOrigin = (request: IncomingMessage): boolean => {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    return (
      (origin === undefined || origin === ownOrigin(request)) &&
      (site === undefined || site === 'same-origin')
    );
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    applySecurityHeaders(response);
    if (!hostAllowed(request)) return refuse(response, 403, 'Forbidden: unexpected Host');
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokensMatch(token, queryToken)) {
        // Usually a link from an earlier run: every `xmlpool serve` prints a new token.
        return refuse(response, 401, UNAUTHORIZED_WRONG_TOKEN);
      }
      // Move the token into a cookie and drop it from the address bar (and from history).
      url.searchParams.delete('token');
      response.statusCode = 303;
      response.setHeader('Set-Cookie', tokenCookie(port, token));
      response.setHeader('Location', ownOriginLocation(url.pathname, url.search));
      response.end();
      return;
    }
    if (!hasToken(request)) return refuse(response, 401, UNAUTHORIZED_NO_TOKEN);

    const method = request.method ?? 'GET';
    if (url.pathname.startsWith('/api/')) {
      if (!sameOrigin(request)) {
        return refuse(response, 403, 'Forbidden: cross-origin request');
      }
      if (url.pathname.startsWith(RPC_PATH_PREFIX)) {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        const value = await answerCall(calls, url.pathname.slice(RPC_PATH_PREFIX.length), request);
        return sendJson(response, 200, { value });
      }
      if (url.pathname === UPLOAD_PATH) {
        if (method !== 'PUT') throw new HttpError(405, 'use PUT');
        return sendJson(
          response,
          200,
          await receiveUpload(request, url.searchParams, session.uploadsDir, maxUploadBytes),
        );
      }
      if (url.pathname === UPLOAD_BATCH_PATH) {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        return sendJson(
          response,
          200,
          await receiveUploadBatch(request, url.searchParams, session.uploadsDir, maxUploadBytes),
        );
      }
      if (url.pathname.startsWith(DOWNLOAD_PATH_PREFIX) && method === 'GET') {
        const found = await downloads.send(
          url.pathname.slice(DOWNLOAD_PATH_PREFIX.length),
          response,
        );
        if (!found) throw new HttpError(404, 'no such download');
        return;
      }
      throw new HttpError(404, 'not found');
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    if (!(await serveStaticFile(response, rendererDir, url.pathname, method === 'HEAD'))) {
      sendText(response, 404, 'Not found');
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status =
        error instanceof HttpError || error instanceof UploadError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // Drain nothing more: the client may still be sending a body we refused.
      response.setHeader('Connection', 'close');
      sendJson(response, status, { error: message });
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    if (url.pathname !== EVENTS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(request)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!hasToken(request)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (request.headers.origin !== ownOrigin(request)) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    events.sockets.handleUpgrade(request, socket, head, (ws) => {
      events.sockets.emit('connection', ws, request);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const failed = new Promise<Error>((resolve) => server.on('error', resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  port = address.port;
  hosts = allowedHosts(host, port);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : hostForUrl(host);
  const origin = `http://${shownHost}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    failed,
    async close() {
      await events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
