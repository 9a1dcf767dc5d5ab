import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from '../engine/input/expand';
import { checkReportDestination } from './report-destination';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-report-destination-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('checkReportDestination', () => {
  it('refuses a report that would replace an input, by any name', async () => {
    const input = put('a.xml', '<a/>');
    const other = put('b.xml', '<b/>');
    const inputs = await expandInputs([input, other], { include: ['*.xml'] });
    await expect(checkReportDestination(input, inputs)).rejects.toThrow('is one of the inputs');
    symlinkSync(input, join(dir, 'report.ndjson'));
    await expect(checkReportDestination(join(dir, 'report.ndjson'), inputs)).rejects.toThrow(
      'is one of the inputs',
    );
  });

  it('refuses a folder, or a file in a folder that does not exist', async () => {
    const inputs = await expandInputs([put('a.xml', '<a/>')], { include: ['*.xml'] });
    mkdirSync(join(dir, 'reports'));
    await expect(checkReportDestination(join(dir, 'reports'), inputs)).rejects.toThrow(
      'is a folder',
    );
    await expect(checkReportDestination(join(dir, 'nowhere', 'r.csv'), inputs)).rejects.toThrow(
      'does not exist',
    );
  });

  it('takes a new file, or an earlier report, in an existing folder', async () => {
    const inputs = await expandInputs([put('a.xml', '<a/>')], { include: ['*.xml'] });
    await expect(checkReportDestination(join(dir, 'r.csv'), inputs)).resolves.toBeUndefined();
    const earlier = put('earlier.ndjson', '<a/>'); // same size as the input, another file
    await expect(checkReportDestination(earlier, inputs)).resolves.toBeUndefined();
  });

  it('takes a device such as /dev/null, whose folder the user cannot write', async () => {
    const inputs = await expandInputs([put('a.xml', '<a/>')], { include: ['*.xml'] });
    await expect(checkReportDestination('/dev/null', inputs)).resolves.toBeUndefined();
  });
});
