import { describe, expect, it } from 'vitest';
import type { FileResult, XmlStats } from '../../../shared/results';
import { summarizeStats } from './stats-summary';

function withStats(file: string, stats: Partial<XmlStats> | null): FileResult {
  return {
    file,
    index: 0,
    task: 'stats',
    ok: stats !== null,
    bytes: 100,
    elements: stats?.elements ?? 0,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
    ...(stats
      ? {
          stats: {
            elements: 0,
            attributes: 0,
            textBytes: 0,
            maxDepth: 0,
            root: null,
            encoding: 'UTF-8',
            namespaces: [],
            paths: [],
            pathsTruncated: false,
            namespacesTruncated: false,
            ...stats,
          },
        }
      : {}),
  };
}

describe('summarizeStats', () => {
  it('adds up the files and ranks elements and paths across them', () => {
    const summary = summarizeStats([
      withStats('/a.xml', {
        elements: 4,
        attributes: 2,
        textBytes: 10,
        maxDepth: 3,
        root: 'catalog',
        namespaces: [{ prefix: '', uri: 'urn:x' }],
        paths: [
          { path: '/catalog', count: 1 },
          { path: '/catalog/book', count: 2 },
          { path: '/catalog/book/title', count: 1 },
        ],
      }),
      withStats('/b.xml', {
        elements: 5,
        maxDepth: 2,
        root: 'catalog',
        pathsTruncated: true,
        paths: [
          { path: '/catalog', count: 1 },
          { path: '/catalog/title', count: 4 },
        ],
      }),
      withStats('/broken.xml', null),
    ]);
    expect(summary).toMatchObject({
      files: 2,
      bytes: 200,
      elements: 9,
      attributes: 2,
      textBytes: 10,
      maxDepth: 3,
      truncatedFiles: 1,
      roots: [{ name: 'catalog', count: 2 }],
      namespaces: [{ name: 'urn:x', count: 1 }],
    });
    expect(summary?.topElements).toEqual([
      { name: 'title', count: 5 },
      { name: 'book', count: 2 },
      { name: 'catalog', count: 2 },
    ]);
    expect(summary?.topPaths[0]).toEqual({ name: '/catalog/title', count: 4 });
  });

  it('is null when no file has statistics', () => {
    expect(summarizeStats([withStats('/x.xml', null)])).toBeNull();
  });
});
