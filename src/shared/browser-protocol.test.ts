/**
 * The client's shape checks: real-looking answers pass, answers missing or mistyping a field are
 * refused. (The e2e suite runs them on the real engine's progress and results.)
 */
import { describe, expect, it } from 'vitest';
import { isJobProgress, isServerEvent, RPC_RESULT_GUARDS } from './browser-protocol';

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
  });

  it('refuses answers with missing or mistyped fields', () => {
    expect(isJobProgress({ ...progress, state: 'exploded' })).toBe(false);
    expect(isJobProgress({ ...progress, workers: [{ ...worker, file: 3 }] })).toBe(false);
    expect(
      isServerEvent({ type: 'results', results: [{ ...result, errors: [{ line: 1 }] }] }),
    ).toBe(false);
    expect(isServerEvent({ type: 'other' })).toBe(false);
    expect(RPC_RESULT_GUARDS.resize(undefined)).toBe(false);
    expect(RPC_RESULT_GUARDS.exportReport({ url: 'https://evil.example/x', name: 'r.csv' })).toBe(
      false,
    );
    expect(RPC_RESULT_GUARDS.startJob({})).toBe(false);
  });
});
