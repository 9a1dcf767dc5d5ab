/**
 * Issue 10, item 7, split mode: a file appended to while its chunks run fails as `changed`
 * rather than merging chunks that read two different files (before, the last chunk read on to
 * the new end and the merge disagreed with a one-worker run). Chunks run in-process through
 * runChunk, one after another (a pool of one worker), and the file grows after the second one:
 * a set point, not a race.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TaskName } from '../../shared/tasks';
import { stampAt } from '../fs/file-stamp';
import type { ChunkUnit, FileRef } from '../tasks/types';
import { planSplit } from './plan';
import { processSplitFile } from './process-split-file';
import { runChunk } from './run-chunk';
import { jobOptions, SMALL_CHUNKS, taskContext, tempDirForTests } from './split-test-support';

const temp = tempDirForTests();

async function plannedFile(name: string): Promise<FileRef> {
  const rows = Array.from({ length: 12_000 }, (_, i) => `<row id="${i}"><v>${i}</v></row>\n`);
  const file = await temp.write(name, `<table>\n${rows.join('')}</table>\n`);
  return { ...file, ...(await stampAt(file.path)) };
}

describe.each<TaskName>(['validate', 'stats', 'convert'])('a split %s', (task) => {
  it('fails as changed when the file is appended to between two chunks', async () => {
    const file = await plannedFile(`grows-${task}.xml`);
    const options = jobOptions(task, { rowTag: 'row' });
    const ctx = taskContext(options, temp.path);
    const plan = await planSplit(file, 'row', 2, options, SMALL_CHUNKS);
    if (!plan) throw new Error('expected the file to be split');
    expect(plan.chunks.length).toBeGreaterThanOrEqual(8);
    let queue: Promise<unknown> = Promise.resolve();
    let finished = 0;
    const submit = (unit: ChunkUnit): Promise<unknown> => {
      const result = queue.then(async () => {
        const chunk = await runChunk(unit, ctx);
        if (++finished === 2) appendFileSync(file.path, '<!-- appended -->\n');
        return chunk;
      });
      queue = result.catch(() => undefined);
      return result;
    };
    const result = await processSplitFile(file, plan, options, submit);
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ kind: 'changed', line: null, column: null });
    expect(result.errors[0]?.message).toBe(
      `the file changed after the job was planned: ${file.size.toLocaleString('en-US')} bytes then, ${(file.size + 18).toLocaleString('en-US')} bytes now`,
    );
    // No output and no part file is left for a convert.
    expect(readdirSync(temp.path).filter((name) => !name.endsWith('.xml'))).toEqual([]);
  });
});
