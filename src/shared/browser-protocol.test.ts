/**
 * The client's shape checks: real-looking answers pass, answers missing or mistyping a field are
 * refused. (The e2e suite runs them on the real engine's progress and results.)
 */
import { describe, expect, it } from 'vitest';
import {
  isJobProgress,
  isServerEvent,
  isUploadBatchHeader,
  isUploadBatchReceipt,
  RPC_RESULT_GUARDS,
  UPLOAD_BATCH_MAX_FILES,
} from './browser-protocol';

const worker = {
  id: 1,
  state: 'busy',
  backend: 'thread',
  file: '/tmp/a.xml',
  range: null,
  bytesDone: 10,
  bytesTotal: 100,
  tasksDone: 0,
  busyMs: 5,
  utilization: 0.5,
  bytesPerSecond: 1000,
};
const progress = {
  jobId: 'j',
  state: 'running',
  filesDone: 0,
  filesTotal: 1,
  bytesDone: 10,
  bytesTotal: 100,
  ok: 0,
  failed: 0,
  cancelled: 0,
  bytesPerSecond: 1000,
  etaMs: null,
  elapsedMs: 10,
  targetWorkers: 1,
  workers: [worker],
};
const result = {
  file: '/tmp/a.xml',
  index: 0,
  task: 'validate',
  ok: false,
  bytes: 100,
  elements: 2,
  errorMode: 'first-fatal',
  errors: [{ kind: 'syntax', line: 4, column: 18, offset: 65, message: 'mismatched tag' }],
  encoding: 'UTF-8',
  durationMs: 3,
  workerId: 1,
  attempts: 1,
};

describe('browser protocol shape checks', () => {
  it('accepts well-formed events and answers', () => {
    expect(isServerEvent({ type: 'progress', progress })).toBe(true);
    expect(isServerEvent({ type: 'results', results: [result] })).toBe(true);
    expect(RPC_RESULT_GUARDS.getResults([result])).toBe(true);
    expect(RPC_RESULT_GUARDS.resize(null)).toBe(true);
    expect(RPC_RESULT_GUARDS.exportReport({ url: '/api/download/ab', name: 'r.csv' })).toBe(true);
    // A worker retired by a shrink keeps its lane; a result may carry warnings.
    expect(isJobProgress({ ...progress, workers: [{ ...worker, state: 'retired' }] })).toBe(true);
    const warned = { ...result, warnings: [{ code: 'row-tag-unmatched', message: 'none' }] };
    expect(RPC_RESULT_GUARDS.getResults([warned])).toBe(true);
  });

  it('accepts a validity result: every error, element paths, warnings, the schema checked', () => {
    const valid = {
      ...result,
      errorMode: 'all-validity',
      errors: [
        { kind: 'invalid', line: 3, column: null, offset: 40, message: 'm', path: '/a/b[2]' },
        { kind: 'invalid', line: null, column: null, offset: null, message: 'n' },
      ],
      schema: { schema: '/s/a.xsd', kind: 'xsd', invalid: 250, batches: null },
      warnings: [{ code: 'errors-truncated', message: '248 more' }],
    };
    expect(RPC_RESULT_GUARDS.getResults([valid])).toBe(true);
    expect(RPC_RESULT_GUARDS.getResults([{ ...valid, errorMode: 'all-errors' }])).toBe(false);
    expect(RPC_RESULT_GUARDS.getResults([{ ...valid, schema: { kind: 'xsd' } }])).toBe(false);
    expect(RPC_RESULT_GUARDS.getResults([{ ...valid, warnings: [{ code: 1 }] }])).toBe(false);
    const badPath = { ...valid, errors: [{ ...valid.errors[0], path: 3 }] };
    expect(RPC_RESULT_GUARDS.getResults([badPath])).toBe(false);
    const badKind = { ...valid, errors: [{ ...valid.errors[0], kind: 'bogus' }] };
    expect(RPC_RESULT_GUARDS.getResults([badKind])).toBe(false);
  });

  it('refuses answers with missing or mistyped fields', () => {
    expect(isJobProgress({ ...progress, state: 'exploded' })).toBe(false);
    expect(isJobProgress({ ...progress, workers: [{ ...worker, file: 3 }] })).toBe(false);
    expect(
      isServerEvent({ type: 'results', results: [{ ...result, errors: [{ line: 1 }] }] }),
    ).toBe(false);
    expect(isServerEvent({ type: 'other' })).toBe(false);
    expect(RPC_RESULT_GUARDS.getResults([{ ...result, warnings: [{ code: 1 }] }])).toBe(false);
    expect(RPC_RESULT_GUARDS.resize(undefined)).toBe(false);
    expect(RPC_RESULT_GUARDS.exportReport({ url: 'https://evil.example/x', name: 'r.csv' })).toBe(
      false,
    );
    expect(RPC_RESULT_GUARDS.startJob({})).toBe(false);
  });
});

describe('batch upload header and receipt', () => {
  it('accepts a header of 1 to UPLOAD_BATCH_MAX_FILES files with whole, non-negative sizes', () => {
    expect(isUploadBatchHeader([{ path: 'a/b.xml', size: 0 }])).toBe(true);
    const most = Array.from({ length: UPLOAD_BATCH_MAX_FILES }, (_, i) => ({
      path: `f${i}.xml`,
      size: i,
    }));
    expect(isUploadBatchHeader(most)).toBe(true);
  });

  it.each([
    ['nothing listed', []],
    [
      'too many files',
      Array.from({ length: UPLOAD_BATCH_MAX_FILES + 1 }, () => ({ path: 'a', size: 1 })),
    ],
    ['an object, not a list', { path: 'a.xml', size: 1 }],
    ['a negative size', [{ path: 'a.xml', size: -1 }]],
    ['a fractional size', [{ path: 'a.xml', size: 0.5 }]],
    ['a size past 2^53', [{ path: 'a.xml', size: 2 ** 53 }]],
    ['a size as text', [{ path: 'a.xml', size: '4' }]],
    ['a missing path', [{ size: 4 }]],
    ['null', null],
  ])('refuses a header with %s', (_, header) => {
    expect(isUploadBatchHeader(header)).toBe(false);
  });

  it('checks a receipt lists a path and root per file', () => {
    expect(isUploadBatchReceipt({ files: [{ path: '/u/b/a.xml', root: '/u/b/a.xml' }] })).toBe(
      true,
    );
    expect(isUploadBatchReceipt({ files: [{ path: '/u/b/a.xml' }] })).toBe(false);
    expect(isUploadBatchReceipt([{ path: '/u/b/a.xml', root: '/u/b/a.xml' }])).toBe(false);
  });
});
