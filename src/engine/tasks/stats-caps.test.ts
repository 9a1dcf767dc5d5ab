/**
 * The stats task's caps (issue 10): whatever the document, one stats result stays small, and
 * what the caps leave out is said by a flag and a warning.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { STATS_CAPS, statsFile } from './stats';
import type { FileRef, TaskContext } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-stats-caps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileRef(name: string, content: string): FileRef {
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
