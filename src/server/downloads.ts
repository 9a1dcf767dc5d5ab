/**
 * Files the server prepared for the browser to download: a written report, or a folder of
 * convert outputs streamed as a zip. Each gets an unguessable id; the browser fetches
 * `/api/download/<id>` (with the session cookie, like every request).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { DOWNLOAD_PATH_PREFIX, type PreparedDownload } from '../shared/browser-protocol';

type Download =
  | { kind: 'file'; path: string; name: string; contentType: string }
  | { kind: 'zip'; folder: string; name: string };

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  // Sent as an attachment (and under the server's CSP), so it is saved, not shown.
  html: 'text/html; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function* filesUnder(folder: string): AsyncGenerator<string> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

export class DownloadRegistry {
  readonly #downloads = new Map<string, Download>();

  #add(download: Download): PreparedDownload {
    const id = randomBytes(16).toString('hex');
    this.#downloads.set(id, download);
    return { url: `${DOWNLOAD_PATH_PREFIX}${id}`, name: download.name };
  }

  addFile(path: string, name: string): PreparedDownload {
    const extension = name.slice(name.lastIndexOf('.') + 1);
    const contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    return this.#add({ kind: 'file', path, name, contentType });
  }

  addZipOfFolder(folder: string, name: string): PreparedDownload {
    return this.#add({ kind: 'zip', folder, name });
  }

  /** Streams the download `id`; returns false when there is no such download. */
  async send(id: string, response: ServerResponse): Promise<boolean> {
    const download = this.#downloads.get(id);
    if (!download) return false;
    response.setHeader('Content-Disposition', contentDisposition(download.name));
    if (download.kind === 'file') {
      const info = await stat(download.path);
      response.statusCode = 200;
      response.setHeader('Content-Type', download.contentType);
      response.setHeader('Content-Length', info.size);
      await pipeline(createReadStream(download.path), response);
      return true;
    }
    response.statusCode = 200;
    response.setHeader('Content-Type', 'application/zip');
    const zip = new ZipFile();
    const sent = pipeline(zip.outputStream, response);
    for await (const file of filesUnder(download.folder)) {
      zip.addFile(file, relative(download.folder, file).split(sep).join('/'));
    }
    zip.end();
    await sent;
    return true;
  }
}
