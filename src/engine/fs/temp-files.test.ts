/** Temp file names and their cleanup, on real files in a temp folder. */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  jobTempOwner,
  ownedByJob,
  ownedByThisProcess,
  ownerTag,
  parseOwnerTag,
  removeStaleTempFiles,
  removeTempFiles,
  removeTempFilesSync,
  STALE_AFTER_MS,
  THIS_HOST,
  tempFileOwner,
  tempPathBeside,
} from './temp-files';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-temp-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function endedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid ?? 0)));
}

function tempName(owner: string, base = 'a.json'): string {
  return `.${base}.xmlpool-${owner}-89abcdef.tmp`;
}

function put(name: string): void {
  writeFileSync(join(dir, name), 'x');
}

describe('temp file names', () => {
  it('stand beside their file, hidden, and say whose they are', () => {
    const path = tempPathBeside(join(dir, 'out', 'a.ndjson'), 'part-2-1024');
    expect(dirname(path)).toBe(join(dir, 'out'));
    const name = basename(path);
    expect(name).toMatch(
      /^\.a\.ndjson\.part-2-1024\.xmlpool-[0-9a-f]{6}-\d+-0{8}-[0-9a-f]{8}\.tmp$/,
    );
    expect(tempFileOwner(name)).toEqual({ host: THIS_HOST, pid: process.pid, job: '00000000' });
    expect(tempPathBeside(path)).not.toBe(tempPathBeside(path));
  });

  it('keep at most 100 bytes of a long name, never cutting a character', () => {
    const long = `${'é'.repeat(60)}😀${'x'.repeat(200)}.json`;
    const name = basename(tempPathBeside(join(dir, long)));
    expect(Buffer.byteLength(name)).toBeLessThan(160);
    expect(name.startsWith(`.${'é'.repeat(50)}.xmlpool-`)).toBe(true);
    // A part file's own atomic temp file nests two temp names: still a valid name.
    const nested = basename(tempPathBeside(join(dir, basename(tempPathBeside(join(dir, long))))));
    expect(Buffer.byteLength(nested)).toBeLessThanOrEqual(255);
    expect(tempFileOwner(nested)).not.toBeNull();
  });

  it('recognise only names of exactly their shape', () => {
    const owner = `${THIS_HOST}-123-0123abcd`;
    expect(tempFileOwner(tempName(owner))).toEqual({ host: THIS_HOST, pid: 123, job: '0123abcd' });
    for (const name of [
      `a.json.xmlpool-${owner}-89abcdef.tmp`, // not hidden
      `.a.json.xmlpool-${owner}-89abcdef.tmp.bak`,
      `.a.json.xmlpool-${THIS_HOST}-0-0123abcd-89abcdef.tmp`, // pid 0: a process group
      `.a.json.xmlpool-${THIS_HOST}--1-0123abcd-89abcdef.tmp`,
      `.a.json.xmlpool-${THIS_HOST}-12-0123ABCD-89abcdef.tmp`,
      '.a.json.123.89abcdef.tmp', // the names of earlier versions
      '.a.json',
    ]) {
      expect(tempFileOwner(name)).toBeNull();
    }
  });

  it('carry a job’s owner tag, which round-trips', () => {
    const tag = jobTempOwner('1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed');
    expect(tag).toBe(`${THIS_HOST}-${process.pid}-1b9d6bcd`);
    expect(parseOwnerTag(tag)).toEqual({ host: THIS_HOST, pid: process.pid, job: '1b9d6bcd' });
    expect(ownerTag({ host: THIS_HOST, pid: 7, job: '00000000' })).toBe(`${THIS_HOST}-7-00000000`);
    expect(parseOwnerTag('x-1-00000000')).toBeNull();
  });
});

describe('removing temp files', () => {
  it('removes a killed run’s files: ours by name, owner gone or old, and nothing else', async () => {
    const ended = await endedProcessId();
    const gone = tempName(`${THIS_HOST}-${ended}-0123abcd`);
    const live = tempName(`${THIS_HOST}-${process.pid}-0123abcd`);
    const liveButOld = tempName(`${THIS_HOST}-${process.pid}-0123abcd`, 'old.json');
    // Another machine's process can't be looked up: only its age counts.
    const elsewhere = tempName(`${THIS_HOST === 'abcdef' ? '123456' : 'abcdef'}-${ended}-0123abcd`);
    const elsewhereOld = tempName(
      `${THIS_HOST === 'abcdef' ? '123456' : 'abcdef'}-1-0123abcd`,
      'b',
    );
    const notOurs = ['a.json', '.a.json.123.89abcdef.tmp', 'notes.tmp'];
    for (const name of [gone, live, liveButOld, elsewhere, elsewhereOld, ...notOurs]) put(name);
    const old = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    for (const name of [liveButOld, elsewhereOld]) utimesSync(join(dir, name), old, old);
    // A folder or a link of that name is never removed (nor what the link points to).
    const folder = tempName(`${THIS_HOST}-${ended}-0123abcd`, 'folder');
    mkdirSync(join(dir, folder));
    const link = tempName(`${THIS_HOST}-${ended}-0123abcd`, 'link');
    symlinkSync(join(dir, 'a.json'), join(dir, link));

    await removeStaleTempFiles([dir, join(dir, 'missing')]);
    expect(readdirSync(dir).sort()).toEqual([live, elsewhere, ...notOurs, folder, link].sort());
  });

  it('removes one job’s files when it ends, and a process’s own when it exits', async () => {
    const job = `${THIS_HOST}-${process.pid}-0123abcd`;
    const otherJob = `${THIS_HOST}-${process.pid}-fedcba98`;
    const otherProcess = `${THIS_HOST}-1-0123abcd`;
    for (const owner of [job, otherJob, otherProcess]) put(tempName(owner));
    put('a.json');
    await removeTempFiles([dir], ownedByJob(job));
    expect(readdirSync(dir).sort()).toEqual(
      ['a.json', tempName(otherJob), tempName(otherProcess)].sort(),
    );
    removeTempFilesSync([dir, join(dir, 'missing')], ownedByThisProcess);
    expect(readdirSync(dir).sort()).toEqual(['a.json', tempName(otherProcess)].sort());
  });
});
