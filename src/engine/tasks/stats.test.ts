/** The stats task on real files in a temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { MAX_PATHS, STATS_CAPS, statsFile } from './stats';
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

function nested(names: readonly string[]): string {
  return `${names.map((name) => `<${name}>`).join('')}${[...names]
    .reverse()
    .map((name) => `</${name}>`)
    .join('')}`;
}

/** Every path within the per-path cap, and all of them within the total cap. */
function expectPathsWithinCaps(result: FileResult): void {
  const paths = result.stats?.paths ?? [];
  expect(paths.length).toBeLessThanOrEqual(STATS_CAPS.paths);
  for (const entry of paths) expect(entry.path.length).toBeLessThanOrEqual(STATS_CAPS.pathChars);
  const total = paths.reduce((sum, entry) => sum + entry.path.length, 0);
  expect(total).toBeLessThanOrEqual(STATS_CAPS.pathsTotalChars);
}

function codes(result: FileResult): string[] {
  return (result.warnings ?? []).map((warning) => warning.code);
}

/**
 * The caps (issue 10): whatever the document, one stats result stays small, and what the caps
 * leave out is said by a flag and a warning.
 */
describe('stats caps', () => {
  it('2,000 nested elements with 500-character names (2 MB) give a small result', async () => {
    // The issue's reproduction: every path listed would be 1 GB of JSON.
    const names = Array.from(
      { length: 2_000 },
      (_, i) => `n${String(i).padStart(4, '0')}${'x'.repeat(495)}`,
    );
    const result = await statsFile(fileRef('deep-long.xml', nested(names)), ctx);
    expect(result.ok).toBe(true);
    expect(result.stats).toMatchObject({ elements: 2_000, maxDepth: 2_000, pathsTruncated: true });
    // The root's path (501 characters) fits; its child's (1,002) does not, nor any below it.
    expect(result.stats?.paths).toEqual([{ path: `/${names[0]}`, count: 1 }]);
    expect(codes(result)).toEqual(['paths-truncated']);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
  });

  it('<a> nested 9,999 deep lists the paths up to the per-path cap, exactly', async () => {
    const result = await statsFile(fileRef('deep-a.xml', nested(Array(9_999).fill('a'))), ctx);
    expect(result.ok).toBe(true);
    const listed = STATS_CAPS.pathChars / 2; // "/a" per level
    expect(result.stats?.paths).toHaveLength(listed);
    expect(result.stats?.paths.at(-1)).toEqual({ path: '/a'.repeat(listed), count: 1 });
    expect(result.stats?.pathsTruncated).toBe(true);
    expectPathsWithinCaps(result);
    expect(codes(result)).toEqual(['paths-truncated']);
  });

  it('caps the total characters of the paths, keeping shorter paths that still fit', async () => {
    // 1,100 distinct children of ~901-character paths: 991,100 characters for the first 1,100
    // would pass the total cap, so it stops listing them there, yet a short one still fits.
    const long = (i: number) => `c${String(i).padStart(4, '0')}${'y'.repeat(893)}`;
    const children = Array.from({ length: 1_200 }, (_, i) => `<${long(i)}/>`).join('');
    const result = await statsFile(fileRef('wide-long.xml', `<r>${children}<short/></r>`), ctx);
    expect(result.ok).toBe(true);
    expectPathsWithinCaps(result);
    const paths = result.stats?.paths.map((entry) => entry.path) ?? [];
    const perChild = `/r/${long(0)}`.length;
    const fitting = Math.floor((STATS_CAPS.pathsTotalChars - '/r'.length) / perChild);
    expect(paths).toHaveLength(1 + fitting + 1);
    expect(paths.at(-1)).toBe('/r/short');
    expect(result.stats?.pathsTruncated).toBe(true);
    expect(result.stats?.elements).toBe(1_202);
  });

  it('caps namespaces by count and by length, and says so', async () => {
    // 300,000 declarations gave a 130 MB record; 3,000 show the cap as well.
    const declarations = Array.from({ length: 3_000 }, (_, i) => `<e xmlns:p${i}="urn:n:${i}"/>`);
    const longUri = `urn:${'u'.repeat(STATS_CAPS.namespaceChars)}`;
    const doc = `<r xmlns:q="${longUri}" xmlns="urn:default">${declarations.join('')}</r>`;
    const result = await statsFile(fileRef('namespaces.xml', doc), ctx);
    expect(result.ok).toBe(true);
    const namespaces = result.stats?.namespaces ?? [];
    expect(namespaces).toHaveLength(STATS_CAPS.namespaces);
    // The long one is left out; the rest in order of appearance.
    expect(namespaces[0]).toEqual({ prefix: '', uri: 'urn:default' });
    expect(namespaces[1]).toEqual({ prefix: 'p0', uri: 'urn:n:0' });
    expect(namespaces.at(-1)).toEqual({ prefix: 'p998', uri: 'urn:n:998' });
    expect(result.stats?.namespacesTruncated).toBe(true);
    expect(codes(result)).toEqual(['namespaces-truncated']);
  });

  it('cuts a root name longer than a path may be, marking it', async () => {
    const root = `r${'o'.repeat(5_000)}`;
    const result = await statsFile(fileRef('long-root.xml', `<${root}><a/></${root}>`), ctx);
    expect(result.ok).toBe(true);
    expect(result.stats?.root).toBe(`${root.slice(0, STATS_CAPS.pathChars - 1)}\u2026`);
    expect(result.stats?.paths).toEqual([]);
    expect(codes(result)).toEqual(['root-truncated', 'paths-truncated']);
  });

  it('has no warnings and false flags when nothing was left out', async () => {
    const result = await statsFile(fileRef('small.xml', '<r xmlns="urn:r"><a/></r>'), ctx);
    expect(result.warnings).toBeUndefined();
    expect(result.stats).toMatchObject({ pathsTruncated: false, namespacesTruncated: false });
  });
});
