/**
 * `POST /api/upload-batch?batch=<id>`: many small files in one request (the format is described
 * in src/shared/browser-protocol.ts). The header is checked in full before a byte is written:
 * every path as for a single upload, no path twice, every size within the limit, and the sizes
 * adding up to Content-Length. Each file then streams into a hidden partial file; only once all
 * of them arrived do they get their names. On any failure nothing of the request is left.
 */
import { open, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import {
  isUploadBatchHeader,
  UPLOAD_BATCH_CONTENT_TYPE,
  UPLOAD_BATCH_MAX_FILES,
  UPLOAD_BATCH_MAX_HEADER_BYTES,
  type UploadBatchFile,
  type UploadBatchReceipt,
  type UploadReceipt,
} from '../shared/browser-protocol';
import { BodyReader } from './body-reader';
import {
  batchFolder,
  contentLength,
  makeFolderFor,
  partialPathFor,
  publishPartial,
  UploadError,
  uploadTarget,
} from './uploads';

interface PlannedFile {
  size: number;
  receipt: UploadReceipt;
}

function parseHeader(line: Buffer): UploadBatchFile[] {
  let header: unknown;
  try {
    header = JSON.parse(line.toString('utf8'));
  } catch {
    throw new UploadError(400, 'the header line is not valid JSON');
  }
  if (!isUploadBatchHeader(header)) {
    throw new UploadError(
      400,
      `the header must list 1 to ${UPLOAD_BATCH_MAX_FILES} files as {path, size}`,
    );
  }
  return header;
}

function planFiles(
  header: UploadBatchFile[],
  batchDir: string,
  maxBytes: number,
  bodyBytes: number,
): PlannedFile[] {
  const planned = header.map((file) => {
    if (file.size > maxBytes) {
      throw new UploadError(413, `${file.path.slice(0, 80)} is larger than ${maxBytes} bytes`);
    }
    return { size: file.size, receipt: uploadTarget(batchDir, file.path) };
  });
  const targets = new Set(planned.map((file) => file.receipt.path));
  if (targets.size !== planned.length) {
    throw new UploadError(409, 'the same path is listed twice in this request');
  }
  // `d/a.xml` and `d/a.xml/b.xml` together: one path would have to be a file and a folder.
  for (const target of targets) {
    for (let folder = dirname(target); folder.length > batchDir.length; folder = dirname(folder)) {
      if (targets.has(folder)) {
        throw new UploadError(409, 'a path in this request is both a file and a folder');
      }
    }
  }
  const total = planned.reduce((sum, file) => sum + file.size, 0);
  if (total !== bodyBytes) {
    throw new UploadError(400, 'the sizes in the header do not add up to Content-Length');
  }
  return planned;
}

export async function receiveUploadBatch(
  request: IncomingMessage,
  query: URLSearchParams,
  uploadsDir: string,
  maxBytes: number,
): Promise<UploadBatchReceipt> {
  const type = request.headers['content-type'] ?? '';
  if (type !== UPLOAD_BATCH_CONTENT_TYPE) {
    throw new UploadError(415, `expected ${UPLOAD_BATCH_CONTENT_TYPE}`);
  }
  const batchDir = batchFolder(uploadsDir, query);
  const declared = contentLength(request);
  const reader = new BodyReader(request);
  const line = await reader.readLine(UPLOAD_BATCH_MAX_HEADER_BYTES);
  const files = planFiles(parseHeader(line), batchDir, maxBytes, declared - line.length - 1);

  const partials: string[] = [];
  const published: string[] = [];
  const folders = new Set<string>();
  try {
    for (const file of files) {
      const folder = dirname(file.receipt.path);
      if (!folders.has(folder)) await makeFolderFor(file.receipt.path);
      folders.add(folder);
      const partial = partialPathFor(file.receipt.path);
      partials.push(partial);
      const handle = await open(partial, 'wx');
      try {
        await reader.copyTo(handle, file.size);
      } finally {
        await handle.close();
      }
    }
    await reader.expectEnd();
    for (const [index, file] of files.entries()) {
      await publishPartial(partials[index] ?? '', file.receipt.path);
      published.push(file.receipt.path);
    }
  } catch (error) {
    // The files this request already named were all created by it (link never replaces).
    await Promise.all(published.map((path) => unlink(path).catch(() => undefined)));
    throw error;
  } finally {
    await Promise.all(partials.map((path) => unlink(path).catch(() => undefined)));
  }
  return { files: files.map((file) => file.receipt) };
}
