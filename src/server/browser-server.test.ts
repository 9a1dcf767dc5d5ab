/**
 * The browser-mode server's transport and access control. The backend here is a small in-test
 * `XmlPoolApi` that records calls: what is under test is the server (auth, headers, static
 * serving, validation, uploads, downloads, events), not the engine (the e2e suite runs that).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ExportOutcome, ExtractInference, ExtractPreview, XmlPoolApi } from '../shared/api';
import { UPLOAD_BATCH_CONTENT_TYPE, UPLOAD_BATCH_PATH } from '../shared/browser-protocol';
import { RENDERER_CSP } from '../shared/content-security-policy';
import type { JobProgress } from '../shared/progress';
import { DEFAULT_JOB_OPTIONS } from '../shared/tasks';
import type { TimelineUpdate } from '../shared/timeline';
import { type BrowserServer, startBrowserServer } from './browser-server';
import { CONTENT_SECURITY_POLICY } from './security-headers';
import { createSessionFolder, type SessionFolder } from './session-folder';
import { uploadedName } from './uploads';

class RecordingApi implements XmlPoolApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  progressListener: ((progress: JobProgress) => void) | null = null;
  timelineListener: ((update: TimelineUpdate) => void) | null = null;

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  async getSystemInfo() {
    return { version: 'test', cores: 2, mode: 'browser' as const };
  }
  async addPaths(paths: string[]) {
    this.record('addPaths', paths);
    return { added: [], duplicates: 0, problems: [] };
  }
  async listInputs() {
    return [];
  }
  async removeInputs(ids: string[]) {
    this.record('removeInputs', ids);
  }
  async clearInputs() {
    this.record('clearInputs');
  }
  async startJob(options: unknown) {
    this.record('startJob', options);
    return { jobId: 'job-1' };
  }
  async resize(workers: number) {
    this.record('resize', workers);
  }
  async cancel() {
    this.record('cancel');
  }
  async getResults() {
    return [];
  }
  async readSource(file: string, offset: number) {
    this.record('readSource', file, offset);
    return { text: '<a>', column: 1, cutBefore: false, cutAfter: false };
  }
  onProgress(listener: (progress: JobProgress) => void) {
    this.progressListener = listener;
    return () => {
      this.progressListener = null;
    };
  }
  onResults() {
    return () => undefined;
  }
  async getTimeline() {
    return null;
  }
  onTimeline(listener: (update: TimelineUpdate) => void) {
    this.timelineListener = listener;
    return () => {
      this.timelineListener = null;
    };
  }
  async exportHtmlReport(destination?: string): Promise<ExportOutcome> {
    this.record('exportHtmlReport', destination);
    if (destination === undefined) throw new Error('test api needs a destination');
    writeFileSync(destination, '<!doctype html><title>report</title>');
    return { status: 'saved', path: destination };
  }
  async exportReport(format: string, destination?: string): Promise<ExportOutcome> {
    this.record('exportReport', format, destination);
    if (destination === undefined) throw new Error('test api needs a destination');
    writeFileSync(destination, 'file,ok\n/a.xml,true\n');
    return { status: 'saved', path: destination };
  }
  async exportOutputs(destination?: string): Promise<ExportOutcome> {
    if (destination === undefined) throw new Error('test api needs a destination');
    mkdirSync(join(destination, 'sub'), { recursive: true });
    writeFileSync(join(destination, 'sub', 'a.json'), '{"a":1}');
    return { status: 'saved', path: destination };
  }
  async inferExtract(): Promise<ExtractInference> {
    return { rowTag: 'r', columns: [], sampleBytes: 0, records: 0, files: 0 };
  }
  async previewExtract(): Promise<ExtractPreview> {
    return { columns: [], rows: [] };
  }
  async exportTable(): Promise<ExportOutcome> {
    throw new Error('no table in the test api');
  }
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let root: string;
let rendererDir: string;
let session: SessionFolder;
let api: RecordingApi;
let server: BrowserServer;
let cookie: string;

function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method, path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function rpc(method: string, args: unknown, headers: Record<string, string> = {}) {
  return send('POST', `/api/rpc/${method}`, {
    headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}

function upload(query: string, body: string, headers: Record<string, string> = {}) {
  return send('PUT', `/api/upload?${query}`, { headers: { Cookie: cookie, ...headers }, body });
}

const BATCH = 'abcdefgh12';

/** A batch body as the protocol describes it: header line, then the files' bytes in order. */
function batchBody(header: unknown, contents: string[]): Buffer {
  return Buffer.concat([
    Buffer.from(`${JSON.stringify(header)}\n`),
    ...contents.map((content) => Buffer.from(content)),
  ]);
}

function uploadBatch(body: Buffer, headers: Record<string, string> = {}) {
  return send('POST', `${UPLOAD_BATCH_PATH}?batch=${BATCH}`, {
    headers: { Cookie: cookie, 'Content-Type': UPLOAD_BATCH_CONTENT_TYPE, ...headers },
    body,
  });
}

/** Every file (hidden partial files included) under the batch folder, relative to it. */
function filesInBatch(): string[] {
  const batchDir = join(session.uploadsDir, BATCH);
  if (!existsSync(batchDir)) return [];
  return readdirSync(batchDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(batchDir, path)).isFile())
    .sort();
}

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it was accepted. */
function openSocket(headers: Record<string, string>): Promise<{ status: number; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers });
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.on('error', () => undefined);
  });
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmlpool-server-test-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>xmlpool</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  session = await createSessionFolder(root);
  api = new RecordingApi();
  server = await startBrowserServer({ api, rendererDir, session, port: 0, maxUploadBytes: 1000 });
  cookie = `xmlpool_token_${server.port}=${server.token}`;
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('access token', () => {
  it('prints a loopback URL carrying a token of at least 128 bits', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/);
    expect(Buffer.from(server.token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('refuses pages and API calls without a token, or with a wrong one', async () => {
    expect((await send('GET', '/')).status).toBe(401);
    expect((await send('GET', '/assets/app.js')).status).toBe(401);
    const wrongToken = await send('GET', '/?token=wrong');
    expect(wrongToken.status).toBe(401);
    // A stale link (from an earlier run) is the usual cause: the page says what to do.
    expect(wrongToken.body).toContain('Open the URL it printed');
    expect((await send('GET', '/')).body).toContain('open the URL printed by `xmlpool serve`');
    expect((await rpc('getSystemInfo', [], { Cookie: 'xmlpool_token_1=nope' })).status).toBe(401);
    const wrongCookie = `xmlpool_token_${server.port}=${server.token.slice(1)}x`;
    expect((await send('GET', '/', { headers: { Cookie: wrongCookie } })).status).toBe(401);
  });

  it('moves a valid query token into a strict HttpOnly cookie and drops it from the URL', async () => {
    const first = await send('GET', `/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie.startsWith(`xmlpool_token_${server.port}=${server.token};`)).toBe(true);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);

    const page = await send('GET', '/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>xmlpool</title>');
  });

  it('redirects the token request only to a path on its own origin', async () => {
    const cases: [string, string][] = [
      // The URL parser drops the dot segment, leaving `//evil.example/x`: another host to a browser.
      ['/.//evil.example/x', '/evil.example/x'],
      ['/./\\evil.example/x', '/evil.example/x'],
      ['/..//evil.example', '/evil.example'],
      ['/assets//app.js', '/assets/app.js'],
      ['/a/?b=1', '/a/?b=1'],
    ];
    for (const [path, location] of cases) {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await send('GET', `${path}${separator}token=${server.token}`);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(location);
    }
  });

  it('closes the connection of a request without the token, reading none of its body', async () => {
    // A raw socket: an HTTP client would stop on its own once it has the answer.
    const head =
      `PUT /api/upload?batch=${BATCH}&path=a.xml HTTP/1.1\r\n` +
      `Host: 127.0.0.1:${server.port}\r\nContent-Length: 100000000\r\n\r\n`;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(head);
        socket.write('<a>'.padEnd(64 * 1024, 'x'));
      });
      let text = '';
      socket.on('data', (data: Buffer) => {
        text += data.toString('latin1');
      });
      socket.on('error', reject);
      // The server closes its side: it will not read the remaining 99.9 MB of the upload.
      socket.on('end', () => {
        socket.destroy();
        resolve(text);
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(filesInBatch()).toEqual([]);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const answer = await send('GET', '/', { headers: { Cookie: cookie, Host: 'evil.example' } });
    expect(answer.status).toBe(403);
  });
});

describe('security headers', () => {
  it('sends the CSP of index.html, nosniff, no-referrer and no-store on every response', async () => {
    const indexHtml = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml);
    expect(meta?.[1]).toBe(RENDERER_CSP);
    expect(CONTENT_SECURITY_POLICY).toBe(`${RENDERER_CSP}; frame-ancestors 'none'`);
    for (const answer of [
      await send('GET', '/'),
      await send('GET', '/', { headers: { Cookie: cookie } }),
      await rpc('getSystemInfo', []),
    ]) {
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('static files', () => {
  it('serves files of the bundle with their type', async () => {
    const script = await send('GET', '/assets/app.js', { headers: { Cookie: cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%2fetc%2fpasswd',
    '/assets/',
  ])('never serves %s from outside the bundle', async (path) => {
    const answer = await send('GET', path, { headers: { Cookie: cookie } });
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('TOP SECRET');
  });
});

describe('RPC', () => {
  it('calls the service with validated arguments', async () => {
    const answer = await rpc('resize', [2]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ value: null });
    const started = await rpc('startJob', [{ ...DEFAULT_JOB_OPTIONS, workers: 1 }]);
    expect(JSON.parse(started.body)).toEqual({ value: { jobId: 'job-1' } });
    expect(api.calls.map((call) => call.method)).toEqual(['resize', 'startJob']);
    const schema = `${session.uploadsDir}/b1/s/a.xsd`;
    const withSchema = await rpc('startJob', [
      { ...DEFAULT_JOB_OPTIONS, workers: 1, schema: { mode: 'file', file: schema } },
    ]);
    expect(withSchema.status).toBe(200);
    const source = await rpc('readSource', ['/data/a.xml', 12]);
    expect(JSON.parse(source.body)).toMatchObject({ value: { text: '<a>', column: 1 } });
    expect(api.calls.at(-1)).toEqual({ method: 'readSource', args: ['/data/a.xml', 12] });
  });

  it.each([
    ['resize', [0]],
    ['resize', [3]],
    ['resize', ['2']],
    ['resize', [1.5]],
    ['resize', []],
    ['resize', [1, 2]],
    ['cancel', [true]],
    ['startJob', [{ ...DEFAULT_JOB_OPTIONS, workers: 1, surprise: true }]],
    ['startJob', [{ ...DEFAULT_JOB_OPTIONS, workers: 1, task: 'delete' }]],
    ['startJob', [{ ...DEFAULT_JOB_OPTIONS, workers: 1, outDir: '/etc' }]],
    ['exportReport', ['pdf']],
    ['addPaths', [['/etc/passwd']]],
    [
      'startJob',
      [{ ...DEFAULT_JOB_OPTIONS, workers: 1, schema: { mode: 'file', file: '/etc/passwd' } }],
    ],
    [
      'startJob',
      [
        {
          ...DEFAULT_JOB_OPTIONS,
          workers: 1,
          schema: { mode: 'auto', catalogs: ['/etc/cat.xml'] },
        },
      ],
    ],
    ['readSource', ['/a.xml', -1]],
    ['readSource', ['a.xml', 0]],
    ['readSource', ['/a.xml']],
    ['addPaths', [['relative.xml']]],
    ['removeInputs', ['not-an-array']],
  ])('refuses %s(%j) with 400 without calling the service', async (method, args) => {
    const answer = await rpc(method, args);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toHaveProperty('error');
    expect(api.calls).toEqual([]);
  });

  it('refuses addPaths that climb out of the upload folder', async () => {
    const escaping = `${session.uploadsDir}/batch/../../../secret.txt`;
    expect((await rpc('addPaths', [[escaping]])).status).toBe(400);
    expect(api.calls).toEqual([]);
  });

  it('refuses unknown methods, other verbs, non-JSON bodies and cross-origin callers', async () => {
    expect((await rpc('constructor', [])).status).toBe(404);
    expect((await rpc('dispose', [])).status).toBe(404);
    expect((await send('GET', '/api/rpc/cancel', { headers: { Cookie: cookie } })).status).toBe(
      405,
    );
    expect((await rpc('cancel', [], { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await rpc('cancel', {})).status).toBe(400);
    expect((await rpc('cancel', [], { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc('cancel', [], { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(api.calls).toEqual([]);
  });
});

describe('uploads', () => {
  it('stores a file under the session folder, keeping its relative path', async () => {
    const answer = await upload('batch=abcdefgh12&path=data%2Fsub%2Fa.xml', '<a/>');
    expect(answer.status).toBe(200);
    const receipt: unknown = JSON.parse(answer.body);
    const target = join(session.uploadsDir, 'abcdefgh12', 'data', 'sub', 'a.xml');
    expect(receipt).toEqual({ path: target, root: join(session.uploadsDir, 'abcdefgh12', 'data') });
    expect(readFileSync(target, 'utf8')).toBe('<a/>');
    // Reports name it by the path the user dropped, not the server's copy.
    expect(uploadedName(session.uploadsDir, target)).toBe('data/sub/a.xml');
    expect(uploadedName(session.uploadsDir, '/elsewhere/a.xml')).toBe('/elsewhere/a.xml');
    // The receipt's root is accepted by addPaths.
    expect((await rpc('addPaths', [[join(session.uploadsDir, 'abcdefgh12', 'data')]])).status).toBe(
      200,
    );
  });

  it.each([
    '../evil.xml',
    'a/../../evil.xml',
    '/etc/evil.xml',
    'a//b.xml',
    './a.xml',
    'C:%5Cevil.xml',
    'c:evil.xml',
    'a%5C..%5C..%5Cevil.xml',
    '',
  ])('refuses the relative path %j', async (path) => {
    const answer = await upload(`batch=abcdefgh12&path=${path}`, '<a/>');
    expect(answer.status).toBe(400);
    expect(() => readFileSync(join(root, 'evil.xml'))).toThrow();
  });

  it('refuses bad batch ids, missing tokens and files over the size limit', async () => {
    expect((await upload('batch=..&path=a.xml', '<a/>')).status).toBe(400);
    expect((await upload('batch=abcdefgh12&path=a.xml', 'x'.repeat(1001))).status).toBe(413);
    const anonymous = await send('PUT', '/api/upload?batch=abcdefgh12&path=a.xml', {
      body: '<a/>',
    });
    expect(anonymous.status).toBe(401);
  });

  it('leaves no file behind when an upload is interrupted mid-stream', async () => {
    const batchDir = join(session.uploadsDir, 'abcdefgh12');
    let whileSending: string[] = [];
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path: '/api/upload?batch=abcdefgh12&path=a.xml',
        headers: { Cookie: cookie, 'Content-Length': '900' },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write('<a>'.padEnd(300, 'x'));
      // Let the server start writing the partial file, then drop the connection.
      setTimeout(() => {
        whileSending = existsSync(batchDir) ? readdirSync(batchDir) : [];
        req.destroy();
      }, 100);
    });
    // The partial file exists while the body streams in (hidden, never under the final name).
    expect(whileSending).toEqual([expect.stringMatching(/^\.upload-[0-9a-f]+\.part$/)]);
    // The server notices the dropped connection asynchronously.
    let left: string[] = ['pending'];
    for (let tries = 0; tries < 50 && left.length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = existsSync(batchDir) ? readdirSync(batchDir) : [];
    }
    expect(left).toEqual([]);
  });

  it('never overwrites a file already uploaded in the same batch', async () => {
    expect((await upload('batch=abcdefgh12&path=a.xml', '<first/>')).status).toBe(200);
    expect((await upload('batch=abcdefgh12&path=a.xml', '<second/>')).status).toBe(409);
    const stored = readFileSync(join(session.uploadsDir, 'abcdefgh12', 'a.xml'), 'utf8');
    expect(stored).toBe('<first/>');
  });
});

describe('batch uploads', () => {
  it('stores every file of the request under its relative path and answers in order', async () => {
    const files = [
      { path: 'data/a.xml', content: '<a/>' },
      { path: 'data/sub/b.xml', content: '<b>two</b>' },
      { path: 'data/sub/deeper/c.xml', content: '' },
      { path: 'loose.xml', content: '<loose/>' },
    ];
    const header = files.map((file) => ({ path: file.path, size: file.content.length }));
    const answer = await uploadBatch(
      batchBody(
        header,
        files.map((file) => file.content),
      ),
    );
    expect(answer.status).toBe(200);
    const batchDir = join(session.uploadsDir, BATCH);
    expect(JSON.parse(answer.body)).toEqual({
      files: [
        { path: join(batchDir, 'data', 'a.xml'), root: join(batchDir, 'data') },
        { path: join(batchDir, 'data', 'sub', 'b.xml'), root: join(batchDir, 'data') },
        { path: join(batchDir, 'data', 'sub', 'deeper', 'c.xml'), root: join(batchDir, 'data') },
        { path: join(batchDir, 'loose.xml'), root: join(batchDir, 'loose.xml') },
      ],
    });
    for (const file of files) {
      expect(readFileSync(join(batchDir, ...file.path.split('/')), 'utf8')).toBe(file.content);
    }
    // No partial file is left next to them.
    expect(filesInBatch()).toEqual(
      ['data/a.xml', 'data/sub/b.xml', 'data/sub/deeper/c.xml', 'loose.xml'].sort(),
    );
    expect((await rpc('addPaths', [[join(batchDir, 'data')]])).status).toBe(200);
  });

  it.each(['../evil.xml', 'a/../../evil.xml', '/etc/evil.xml', 'a//b.xml', 'C:\\evil.xml', ''])(
    'refuses the whole request when a path is %j, writing nothing',
    async (path) => {
      const header = [
        { path: 'good.xml', size: 4 },
        { path, size: 4 },
      ];
      const answer = await uploadBatch(batchBody(header, ['<a/>', '<e/>']));
      expect(answer.status).toBe(400);
      expect(filesInBatch()).toEqual([]);
      expect(existsSync(join(root, 'evil.xml'))).toBe(false);
      expect(existsSync(join(session.uploadsDir, 'evil.xml'))).toBe(false);
    },
  );

  it('refuses a path listed twice in the request with 409, writing nothing', async () => {
    const header = [
      { path: 'a.xml', size: 4 },
      { path: 'b.xml', size: 4 },
      { path: 'a.xml', size: 4 },
    ];
    const answer = await uploadBatch(batchBody(header, ['<a/>', '<b/>', '<c/>']));
    expect(answer.status).toBe(409);
    expect(filesInBatch()).toEqual([]);
  });

  it('refuses a path that would be both a file and a folder, within a request or after one', async () => {
    const both = [
      { path: 'd/a.xml', size: 4 },
      { path: 'd/a.xml/b.xml', size: 4 },
    ];
    const inOne = await uploadBatch(batchBody(both, ['<a/>', '<b/>']));
    expect(inOne.status).toBe(409);
    expect(JSON.parse(inOne.body).error).toMatch(/both a file and a folder/);
    expect(filesInBatch()).toEqual([]);
    // A file uploaded before, where a later path needs a folder: a 409 that names no server path.
    expect((await upload(`batch=${BATCH}&path=a.xml`, '<first/>')).status).toBe(200);
    const later = await uploadBatch(batchBody([{ path: 'a.xml/b.xml', size: 4 }], ['<b/>']));
    expect(later.status).toBe(409);
    expect(later.body).not.toContain(session.uploadsDir);
    const single = await upload(`batch=${BATCH}&path=a.xml%2Fc.xml`, '<c/>');
    expect(single.status).toBe(409);
    expect(single.body).not.toContain(session.uploadsDir);
  });

  it('never overwrites a file already uploaded in the batch, and keeps none of the request', async () => {
    expect((await upload(`batch=${BATCH}&path=a.xml`, '<first/>')).status).toBe(200);
    const header = [
      { path: 'b.xml', size: 4 },
      { path: 'a.xml', size: 9 },
    ];
    const answer = await uploadBatch(batchBody(header, ['<b/>', '<second/>']));
    expect(answer.status).toBe(409);
    expect(filesInBatch()).toEqual(['a.xml']);
    expect(readFileSync(join(session.uploadsDir, BATCH, 'a.xml'), 'utf8')).toBe('<first/>');
  });

  it.each([
    ['more bytes than the sizes declare', [3, 4], ['<a/>', '<b/>']],
    ['fewer bytes than the sizes declare', [5, 4], ['<a/>', '<b/>']],
  ])(
    'refuses a body with %s (the sizes do not add up), writing nothing',
    async (_, sizes, contents) => {
      const header = sizes.map((size, i) => ({ path: `f${i}.xml`, size }));
      const answer = await uploadBatch(batchBody(header, contents));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/do not add up/);
      expect(filesInBatch()).toEqual([]);
    },
  );

  it.each([
    ['a header that is not JSON', Buffer.from('[{"path":"a.xml",\n<a/>'), 400],
    ['a header that lists nothing', batchBody([], []), 400],
    ['a negative size', batchBody([{ path: 'a.xml', size: -4 }], ['<a/>']), 400],
    ['a fractional size', batchBody([{ path: 'a.xml', size: 1.5 }], ['<a/>']), 400],
    ['no header line at all', Buffer.from('<a/>'), 400],
    [
      'a file over the size limit',
      batchBody([{ path: 'a.xml', size: 1001 }], ['x'.repeat(1001)]),
      413,
    ],
  ])('refuses %s', async (_, body, status) => {
    expect((await uploadBatch(body)).status).toBe(status);
    expect(filesInBatch()).toEqual([]);
  });

  it('keeps nothing of a request whose connection drops mid-body', async () => {
    const header = [
      { path: 'whole.xml', size: 4 },
      { path: 'cut.xml', size: 900 },
    ];
    const head = batchBody(header, ['<a/>']);
    let whileSending: string[] = [];
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `${UPLOAD_BATCH_PATH}?batch=${BATCH}`,
        headers: {
          Cookie: cookie,
          'Content-Type': UPLOAD_BATCH_CONTENT_TYPE,
          'Content-Length': String(head.length + 900),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(Buffer.concat([head, Buffer.from('<b>'.padEnd(300, 'x'))]));
      setTimeout(() => {
        whileSending = filesInBatch();
        req.destroy();
      }, 100);
    });
    // While the body streams in, files exist only as hidden partial files.
    expect(whileSending).toHaveLength(2);
    for (const name of whileSending) expect(name).toMatch(/^\.upload-[0-9a-f]+\.part$/);
    let left: string[] = ['pending'];
    for (let tries = 0; tries < 50 && left.length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = filesInBatch();
    }
    expect(left).toEqual([]);
  });

  it('answers only the same authenticated, same-origin callers as every other API route', async () => {
    const body = batchBody([{ path: 'a.xml', size: 4 }], ['<a/>']);
    const anonymous = await send('POST', `${UPLOAD_BATCH_PATH}?batch=${BATCH}`, {
      headers: { 'Content-Type': UPLOAD_BATCH_CONTENT_TYPE },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect((await uploadBatch(body, { Cookie: 'xmlpool_token_1=nope' })).status).toBe(401);
    expect((await uploadBatch(body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await uploadBatch(body, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    // A CORS-safelisted type could be sent by another site's form or fetch without a preflight.
    expect((await uploadBatch(body, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect(
      (await send('PUT', `${UPLOAD_BATCH_PATH}?batch=${BATCH}`, { headers: { Cookie: cookie } }))
        .status,
    ).toBe(405);
    expect(
      (
        await send('POST', `${UPLOAD_BATCH_PATH}?batch=..`, {
          headers: { Cookie: cookie, 'Content-Type': UPLOAD_BATCH_CONTENT_TYPE },
          body,
        })
      ).status,
    ).toBe(400);
    expect(filesInBatch()).toEqual([]);
  });

  it('requires Content-Length', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `${UPLOAD_BATCH_PATH}?batch=${BATCH}`,
          headers: {
            Cookie: cookie,
            'Content-Type': UPLOAD_BATCH_CONTENT_TYPE,
            'Transfer-Encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(batchBody([{ path: 'a.xml', size: 4 }], ['<a/>']));
    });
    expect(answer).toBe(411);
    expect(filesInBatch()).toEqual([]);
  });
});

describe('downloads', () => {
  it('writes a report into the session folder and serves it as an attachment', async () => {
    const prepared = JSON.parse((await rpc('exportReport', ['csv'])).body) as {
      value: { url: string; name: string };
    };
    expect(prepared.value.name).toMatch(/^xmlpool-report-\d{4}-\d\d-\d\d-\d{6}\.csv$/);
    const destination = api.calls[0]?.args[1];
    expect(typeof destination === 'string' && destination.startsWith(session.exportsDir)).toBe(
      true,
    );
    const file = await send('GET', prepared.value.url, { headers: { Cookie: cookie } });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toBe('file,ok\n/a.xml,true\n');
    expect(
      (await send('GET', '/api/download/unknown', { headers: { Cookie: cookie } })).status,
    ).toBe(404);
  });

  it('serves the HTML report as an attachment, never as a page of this origin', async () => {
    const prepared = JSON.parse((await rpc('exportHtmlReport', [])).body) as {
      value: { url: string; name: string };
    };
    expect(prepared.value.name).toMatch(/^xmlpool-report-\d{4}-\d\d-\d\d-\d{6}\.html$/);
    const file = await send('GET', prepared.value.url, { headers: { Cookie: cookie } });
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(file.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(file.body).toContain('<title>report</title>');
  });
});

describe('events WebSocket', () => {
  const origin = () => `http://127.0.0.1:${server.port}`;

  it('refuses a handshake without the token cookie', async () => {
    const { status } = await openSocket({ Origin: origin() });
    expect(status).toBe(401);
  });

  it('refuses a handshake from another origin, even with the cookie', async () => {
    const { status } = await openSocket({ Origin: 'http://evil.example', Cookie: cookie });
    expect(status).toBe(403);
    const none = await openSocket({ Cookie: cookie });
    expect(none.status).toBe(403);
  });

  it('pushes progress snapshots to an authenticated same-origin socket', async () => {
    const { status, ws } = await openSocket({ Origin: origin(), Cookie: cookie });
    expect(status).toBe(101);
    const received = new Promise<unknown>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))),
    );
    const progress = { jobId: 'job-1', state: 'running' } as unknown as JobProgress;
    api.progressListener?.(progress);
    expect(await received).toEqual({ type: 'progress', progress });
    ws.close();
  });

  it('pushes every timeline update', async () => {
    const { ws } = await openSocket({ Origin: origin(), Cookie: cookie });
    const received = new Promise<unknown>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))),
    );
    const timeline = { jobId: 'job-1', full: true } as unknown as TimelineUpdate;
    api.timelineListener?.(timeline);
    expect(await received).toEqual({ type: 'timeline', timeline });
    ws.close();
  });
});
