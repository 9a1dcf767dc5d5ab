/**
 * `PUT /api/upload?batch=<id>&path=<relative path>`: streams one file from the browser into
 * the session's upload folder, keeping its relative folder structure. The relative path is
 * checked segment by segment (no `..`, no absolute paths, no drive letters or backslashes), the
 * size must be declared and within the limit, and the file appears atomically (temp + rename).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadReceipt } from '../shared/browser-protocol';

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BATCH_ID = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_SEGMENTS = 64;
const MAX_SEGMENT_LENGTH = 255;
const MAX_RELATIVE_LENGTH = 4096;

/** The segments of a browser-supplied relative path, or an UploadError. */
export function checkRelativePath(relativePath: string): string[] {
  if (relativePath.length === 0 || relativePath.length > MAX_RELATIVE_LENGTH) {
    throw new UploadError(400, 'path must be 1 to 4096 characters long');
  }
  if (relativePath.includes('\\') || relativePath.includes('\0')) {
    throw new UploadError(400, 'path must use / separators and no NUL');
  }
  const segments = relativePath.split('/');
  if (segments.length > MAX_SEGMENTS) throw new UploadError(400, 'path is nested too deeply');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new UploadError(400, 'path must be relative, without empty, . or .. segments');
    }
    if (segment.includes(':') || segment.length > MAX_SEGMENT_LENGTH) {
      throw new UploadError(400, `path segment not allowed: ${segment.slice(0, 40)}`);
    }
  }
  return segments;
}

/** Counts bytes and fails as soon as more arrive than were declared. */
function byteLimit(declared: number): { counter: Transform; count: () => number } {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > declared) callback(new UploadError(400, 'body is longer than Content-Length'));
      else callback(null, chunk);
    },
  });
  return { counter, count: () => seen };
}

/**
 * How the user knows an uploaded file: the path they dropped or picked (`data/sub/a.xml`), which
 * is its path inside its batch folder. Any other path is returned as it is.
 */
export function uploadedName(uploadsDir: string, path: string): string {
  if (!path.startsWith(uploadsDir + sep)) return path;
  const inBatch = path.slice(uploadsDir.length + 1);
  const slash = inBatch.indexOf(sep);
  return slash < 0
    ? path
    : inBatch
        .slice(slash + 1)
        .split(sep)
        .join('/');
}

/** The batch's folder, or an UploadError when the id is not one the client could have made. */
export function batchFolder(uploadsDir: string, query: URLSearchParams): string {
  const batch = query.get('batch') ?? '';
  if (!BATCH_ID.test(batch)) throw new UploadError(400, 'batch must be 8 to 64 of [A-Za-z0-9_-]');
  return join(uploadsDir, batch);
}

/** Where a browser-supplied relative path is stored inside the batch folder, and its receipt. */
export function uploadTarget(batchDir: string, relativePath: string): UploadReceipt {
  const segments = checkRelativePath(relativePath);
  const target = join(batchDir, ...segments);
  if (!target.startsWith(batchDir + sep)) throw new UploadError(400, 'path escapes the batch');
  return { path: target, root: join(batchDir, segments[0] ?? '') };
}

/** The declared body length: required, because it is what every byte count is checked against. */
export function contentLength(request: IncomingMessage): number {
  const lengthHeader = request.headers['content-length'];
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) {
    throw new UploadError(411, 'Content-Length is required');
  }
  return Number(lengthHeader);
}

/** A hidden name next to the target, never matched by folder expansion (`*.xml`). */
export function partialPathFor(target: string): string {
  return join(dirname(target), `.upload-${randomBytes(8).toString('hex')}.part`);
}

/**
 * Makes the folder a target goes in. A file already uploaded where the path needs a folder
 * (`a.xml`, then `a.xml/b.xml`) is the client's conflict, said without the server's paths.
 */
export async function makeFolderFor(target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    const code = error instanceof Error && 'code' in error ? error.code : null;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new UploadError(409, 'a file was already uploaded where this path needs a folder');
    }
    throw error;
  });
}

/** Gives a complete partial file its final name; link (not rename) never replaces a file. */
export async function publishPartial(partial: string, target: string): Promise<void> {
  await link(partial, target).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw new UploadError(409, 'a file with this path was already uploaded in this batch');
    }
    throw error;
  });
}

export async function receiveUpload(
  request: IncomingMessage,
  query: URLSearchParams,
  uploadsDir: string,
  maxBytes: number,
): Promise<UploadReceipt> {
  const batchDir = batchFolder(uploadsDir, query);
  const receipt = uploadTarget(batchDir, query.get('path') ?? '');
  const declared = contentLength(request);
  if (declared > maxBytes) throw new UploadError(413, `file is larger than ${maxBytes} bytes`);

  await makeFolderFor(receipt.path);
  const partial = partialPathFor(receipt.path);
  const { counter, count } = byteLimit(declared);
  try {
    await pipeline(request, counter, createWriteStream(partial, { flags: 'wx' }));
    if (count() !== declared) throw new UploadError(400, 'body is shorter than Content-Length');
    await publishPartial(partial, receipt.path);
  } finally {
    await unlink(partial).catch(() => undefined);
  }
  return receipt;
}
