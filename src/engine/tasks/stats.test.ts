/** The stats task on real files in a temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { MAX_PATHS, statsFile } from './stats';
import type { FileRef, TaskContext } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileRef(name: string, content: string | Uint8Array): FileRef {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return { path: file, size: Buffer.byteLength(content), index: 0, relative: name };
}

const ctx: TaskContext = {
  options: { ...DEFAULT_JOB_OPTIONS, task: 'stats', workers: 1 },
  signal: new AbortController().signal,
  progress: () => {},
  workerId: 1,
  outputDir: dir,
};

describe('statsFile', () => {
  it('collects counts, depth, root, namespaces and paths', async () => {
    const doc = `<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY co "ACME">]>
<c xmlns="urn:c" xmlns:m="urn:m">
  <book id="1" m:lang="en"><title>é &amp; &co;</title><![CDATA[<x>]]></book>
  <book id="2"><title>B</title></book>
</c>`;
    const result = await statsFile(fileRef('catalog.xml', doc), ctx);
    expect(result.ok).toBe(true);
    expect(result.elements).toBe(5);
    expect(result.stats).toEqual({
      elements: 5,
      attributes: 3,
      // "\n  " before each book and "\n" after them, "é & ACME" (9 bytes), "<x>" (3), "B" (1)
      textBytes: 2 * 3 + 1 + 9 + 3 + 1,
      maxDepth: 3,
      root: 'c',
      encoding: 'UTF-8',
      namespaces: [
        { prefix: '', uri: 'urn:c' },
        { prefix: 'm', uri: 'urn:m' },
      ],
      namespacesTruncated: false,
      paths: [
        { path: '/c', count: 1 },
        { path: '/c/book', count: 2 },
        { path: '/c/book/title', count: 2 },
      ],
      pathsTruncated: false,
    });
  });

  it('caps distinct paths and says so', async () => {
    let body = '';
    for (let i = 0; i < MAX_PATHS + 50; i++) body += `<e${i}><x/></e${i}>`;
    const result = await statsFile(fileRef('many.xml', `<r>${body}</r>`), ctx);
    expect(result.ok).toBe(true);
    expect(result.stats?.paths).toHaveLength(MAX_PATHS);
    expect(result.stats?.pathsTruncated).toBe(true);
    expect(result.stats?.elements).toBe(1 + 2 * (MAX_PATHS + 50));
  });

  it('reports stats up to the first error', async () => {
    const result = await statsFile(fileRef('broken.xml', '<r><a/><b></r>'), ctx);
    expect(result.ok).toBe(false);
    expect(result.stats).toMatchObject({ elements: 3, root: 'r' });
  });

  it('names the encoding of transcoded files', async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><r>caf\u00e9</r>',
      'latin1',
    );
    const result = await statsFile(fileRef('latin1.xml', latin1), ctx);
    expect(result.stats).toMatchObject({ encoding: 'ISO-8859-1', textBytes: 5 });
  });
});
