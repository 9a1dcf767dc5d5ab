import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTER_OPTIONS, DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { redact, withoutUserInfo } from './connection';
import { isObjectOfUnit } from './names';
import { isReport, isUnitMessage, PROTOCOL_VERSION, parseAnnouncement } from './protocol';

const announcement = {
  v: PROTOCOL_VERSION,
  job: '3f1c2a4e-0000-4000-8000-000000000001',
  state: 'running',
  options: { ...DEFAULT_JOB_OPTIONS, workers: 4 },
  sharedFs: false,
  ackWaitMs: 30_000,
  maxDeliver: 3,
  heartbeatMs: 5000,
};

const file = { path: '/data/a.xml', size: 10, index: 0, relative: 'a.xml' };

describe('cluster protocol guards', () => {
  it('accepts a job announcement whose options pass the local validation', () => {
    expect(parseAnnouncement(announcement)?.options.task).toBe('validate');
  });

  it('refuses announcements that name an output folder, carry cluster settings or unknown options', () => {
    const refused = [
      { ...announcement, options: { ...announcement.options, outDir: '/etc' } },
      { ...announcement, options: { ...announcement.options, cluster: DEFAULT_CLUSTER_OPTIONS } },
      { ...announcement, options: { ...announcement.options, script: 'rm -rf /' } },
      { ...announcement, options: { ...announcement.options, task: 'exec' } },
      { ...announcement, job: 'a.b' },
      { ...announcement, maxDeliver: 0 },
      { ...announcement, v: 2 },
    ];
    for (const value of refused) expect(parseAnnouncement(value)).toBeNull();
  });

  it('takes units only with absolute paths and known unit ids', () => {
    const unit = { v: PROTOCOL_VERSION, unit: 'u12', work: { kind: 'files', files: [file] } };
    expect(isUnitMessage(unit)).toBe(true);
    expect(
      isUnitMessage({ ...unit, work: { kind: 'files', files: [{ ...file, path: 'a.xml' }] } }),
    ).toBe(false);
    expect(isUnitMessage({ ...unit, work: { kind: 'files', files: [] } })).toBe(false);
    expect(isUnitMessage({ ...unit, unit: '../u12' })).toBe(false);
  });

  it("refuses a report that names an object outside its own unit's", () => {
    expect(isObjectOfUnit('out/u3/1/0', 'u3')).toBe(true);
    expect(isObjectOfUnit('in/3', 'u3')).toBe(false);
    expect(isObjectOfUnit('out/u31/1/0', 'u3')).toBe(false);
    expect(isObjectOfUnit('out/u3/1/0/../../in/0', 'u3')).toBe(false);
    const output = {
      v: PROTOCOL_VERSION,
      unit: 'u3',
      worker: 'w1-ab',
      delivery: 1,
      type: 'output',
      n: 0,
      output: { kind: 'file', result: { file: '/x', index: 0 } },
      object: { name: 'out/u3/1/0', size: 5 },
    };
    expect(isReport(output)).toBe(true);
    expect(isReport({ ...output, object: { name: 'out/u4/1/0', size: 5 } })).toBe(false);
    expect(isReport({ ...output, object: { name: 'out/u3/1/0', size: -1 } })).toBe(false);
  });
});

describe('credentials in messages', () => {
  const connection = {
    ...DEFAULT_CLUSTER_OPTIONS,
    servers: 'nats://admin:hunter2@10.0.0.5:4222',
    password: 'pw-secret',
    token: 'tok-secret',
  };

  it('removes passwords, tokens and URL user info from any text', () => {
    const text = `auth failed for nats://admin:hunter2@10.0.0.5:4222 with pw-secret and tok-secret`;
    const clean = redact(text, connection);
    for (const secret of ['hunter2', 'pw-secret', 'tok-secret'])
      expect(clean).not.toContain(secret);
    expect(withoutUserInfo(connection.servers)).toBe('nats://10.0.0.5:4222');
  });
});
