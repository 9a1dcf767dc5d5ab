import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { JobProgress } from '../../shared/progress';
import type { FileResult } from '../../shared/results';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../../shared/tasks';
import type { TimelineUpdate } from '../../shared/timeline';
import { mergeUpdates } from '../timeline/timeline-test-support';
import { createXmlPoolService, type XmlPoolService } from './xml-pool-service';

const workerScript = inject('workerScript');

let dir: string;
let service: XmlPoolService;

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function options(overrides: Partial<JobOptions> = {}): JobOptions {
  return { ...DEFAULT_JOB_OPTIONS, workers: 2, ...overrides };
}

/** Resolves with the final snapshot of the running job. */
function finalProgress(): Promise<JobProgress> {
  return new Promise((resolve) => {
    const unsubscribe = service.onProgress((progress) => {
      if (progress.state !== 'running' && progress.state !== 'cancelling') {
        unsubscribe();
        resolve(progress);
      }
    });
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-service-test-'));
  service = createXmlPoolService({
    workerScript,
    tempRoot: join(dir, 'temp'),
    mode: 'browser',
    cores: 2,
    reportAssetsDir: dirname(workerScript),
  });
});

afterEach(async () => {
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('XmlPoolService inputs', () => {
  it('expands folders, skips duplicates, lists missing paths as problems', async () => {
    const a = write('in/a.xml', '<a/>');
    write('in/sub/b.xml', '<b/>');
    write('in/notes.txt', 'not xml');
    const missing = join(dir, 'missing.xml');

    const first = await service.addPaths([join(dir, 'in'), missing]);
    expect(first.added.map((entry) => entry.name)).toEqual(['a.xml', 'sub/b.xml', 'missing.xml']);
    expect(first.added[0]).toMatchObject({ path: a, size: 4, status: 'pending' });
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]).toContain(missing);

    const again = await service.addPaths([a]);
    expect(again).toEqual({ added: [], duplicates: 1, problems: [] });

    await service.removeInputs([first.added[0]?.id ?? '']);
    expect((await service.listInputs()).map((entry) => entry.name)).toEqual([
      'sub/b.xml',
      'missing.xml',
    ]);
    await service.clearInputs();
    expect(await service.listInputs()).toEqual([]);
  });

  it('refuses arguments that are not absolute paths', async () => {
    await expect(service.addPaths(['relative.xml'])).rejects.toThrow(/absolute path/);
    await expect(service.addPaths('/x.xml' as unknown as string[])).rejects.toThrow(/array/);
  });
});

describe('XmlPoolService timeline', () => {
  it('streams the timeline with the progress, keeps it, and exports the HTML report', async () => {
    for (let i = 0; i < 40; i++) write(`in/f${i}.xml`, `<a>${'<b/>'.repeat(i * 50)}</a>`);
    write('in/bad.xml', '<a>');
    await service.addPaths([join(dir, 'in')]);
    const updates: TimelineUpdate[] = [];
    service.onTimeline((update) => updates.push(update));
    const done = finalProgress();
    await service.startJob(options());
    await done;

    expect(updates[0]?.full).toBe(true);
    expect(updates.at(-1)?.finished).toBe(true);
    const whole = await service.getTimeline();
    expect(whole?.finished).toBe(true);
    // What a UI merged from the stream is the whole timeline.
    expect(mergeUpdates(updates).bars).toEqual(whole?.bars);
    const ran = (whole?.bars ?? []).flatMap((bar) => bar.files).sort((a, b) => a - b);
    expect(ran).toEqual(Array.from({ length: 41 }, (_, i) => i));

    const path = join(dir, 'report.html');
    expect(await service.exportHtmlReport(path)).toEqual({ status: 'saved', path });
    const page = readFileSync(path, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.includes('data-testid="balance-hint"')).toBe(false);
    expect(/<dd>41<\/dd>/.test(page)).toBe(true);
    expect(page.includes('bad.xml')).toBe(true);
  });
});

describe('XmlPoolService jobs', () => {
  it('runs a validate job and reports progress, batched results and exports', async () => {
    write('good1.xml', '<root><item>1</item></root>');
    write('good2.xml', '<root><item>2</item></root>');
    write('bad.xml', '<root>\n  <item>\n</root>\n');
    await service.addPaths([dir]);
    const batches: FileResult[][] = [];
    service.onResults((batch) => batches.push(batch));
    const done = finalProgress();

    const { jobId } = await service.startJob(options({ order: 'input' }));
    expect(service.isRunning()).toBe(true);
    await expect(service.startJob(options())).rejects.toThrow(/while a job runs/);
    const final = await done;

    expect(final).toMatchObject({ jobId, state: 'done', filesTotal: 3, ok: 2, failed: 1 });
    expect(service.isRunning()).toBe(false);
    expect(
      batches
        .flat()
        .map((result) => result.file)
        .sort(),
    ).toEqual([join(dir, 'bad.xml'), join(dir, 'good1.xml'), join(dir, 'good2.xml')]);

    const results = await service.getResults();
    expect(results.map((result) => result.index)).toEqual([0, 1, 2]);
    const bad = results.find((result) => result.file.endsWith('bad.xml'));
    expect(bad?.ok).toBe(false);
    expect(bad?.errors[0]?.line).toBeTypeOf('number');
    expect((await service.listInputs()).map((entry) => [entry.name, entry.status])).toEqual([
      ['bad.xml', 'failed'],
      ['good1.xml', 'ok'],
      ['good2.xml', 'ok'],
    ]);

    const csv = await service.exportReport('csv');
    expect(csv.status).toBe('saved');
    const csvPath = csv.status === 'saved' ? csv.path : '';
    expect(csvPath.startsWith(join(dir, 'temp'))).toBe(true);
    const rows = readFileSync(csvPath, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('bad.xml,false');

    const jsonPath = join(dir, 'report.json');
    expect(await service.exportReport('json', jsonPath)).toEqual({
      status: 'saved',
      path: jsonPath,
    });
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as FileResult[];
    expect(report.map((result) => result.ok)).toEqual([false, true, true]);
    await expect(service.exportOutputs()).rejects.toThrow(/convert/);
  });

  it('names the files in reports and the input list as its displayPath option says', async () => {
    const uploadsDir = join(dir, 'uploads');
    write('uploads/abcdefgh12/data/sub/a.xml', '<a/>');
    write('uploads/abcdefgh12/data/b.xml', '<b>');
    const named = createXmlPoolService({
      workerScript,
      tempRoot: join(dir, 'temp2'),
      mode: 'browser',
      cores: 2,
      displayPath: (file) => relative(join(uploadsDir, 'abcdefgh12'), file),
    });
    try {
      await named.addPaths([join(uploadsDir, 'abcdefgh12', 'data')]);
      expect((await named.listInputs()).map(({ name, path }) => `${name} ${path}`)).toEqual([
        'data/b.xml data/b.xml',
        'data/sub/a.xml data/sub/a.xml',
      ]);
      const done = new Promise<void>((resolve) => {
        named.onProgress((progress) => {
          if (progress.state === 'done') resolve();
        });
      });
      await named.startJob(options({ order: 'input' }));
      await done;
      const csv = await named.exportReport('csv');
      const rows = readFileSync(csv.status === 'saved' ? csv.path : '', 'utf8').split('\r\n');
      expect(rows.slice(1, 3).map((row) => row.split(',').slice(0, 2).join(','))).toEqual([
        'data/b.xml,false',
        'data/sub/a.xml,true',
      ]);
      // The input list shows the same names; ids and results keep the real paths.
      expect((await named.getResults()).map((result) => result.file)).toEqual([
        join(uploadsDir, 'abcdefgh12', 'data', 'b.xml'),
        join(uploadsDir, 'abcdefgh12', 'data', 'sub', 'a.xml'),
      ]);
    } finally {
      await named.dispose();
    }
  });

  it('validates against a schema and reads an error’s source line, of its inputs only', async () => {
    const schema = write(
      's/n.xsd',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="n" type="xs:int"/></xs:schema>',
    );
    write('in/a.xml', '<?xml version="1.0"?>\n<n>über-x</n>\n');
    await service.addPaths([join(dir, 'in')]);
    const done = finalProgress();
    const schemaOptions = { mode: 'file' as const, file: schema, catalogs: [], maxErrors: 100 };
    await service.startJob(options({ workers: 1, schema: schemaOptions }));
    expect((await done).state).toBe('done');
    const [result] = await service.getResults();
    const error = result?.errors[0];
    expect(error).toMatchObject({ kind: 'invalid', line: 2, column: 1, path: '/n' });
    expect(await service.readSource(result?.file ?? '', error?.offset ?? -1)).toEqual({
      text: '<n>über-x</n>',
      column: 1,
      cutBefore: false,
      cutAfter: false,
    });
    await expect(service.readSource(schema, 0)).rejects.toThrow('Only a file of the last job');
    await expect(service.readSource('relative.xml', 0)).rejects.toThrow('file');
  });

  it('exports the outputs of a convert job', async () => {
    write('in/a.xml', '<a><b>1</b></a>');
    write('in/sub/c.xml', '<c x="1"/>');
    await service.addPaths([join(dir, 'in')]);
    const done = finalProgress();
    await service.startJob(options({ task: 'convert', workers: 1 }));
    expect((await done).state).toBe('done');

    const destination = join(dir, 'exported');
    expect(await service.exportOutputs(destination)).toEqual({
      status: 'saved',
      path: destination,
    });
    expect(readdirSync(destination, { recursive: true }).map(String).sort()).toEqual([
      'a.json',
      'sub',
      join('sub', 'c.json'),
    ]);
  });

  it('finishes an export of the last job even when the next job starts meanwhile', async () => {
    for (let i = 0; i < 20; i++) write(`in/f${i}.xml`, `<a><b>${i}</b></a>`);
    await service.addPaths([join(dir, 'in')]);
    const done = finalProgress();
    await service.startJob(options({ task: 'convert', workers: 1 }));
    expect((await done).state).toBe('done');

    const destination = join(dir, 'exported');
    const exported = service.exportOutputs(destination);
    const nextDone = finalProgress();
    await service.startJob(options({ workers: 1 }));
    expect(await exported).toEqual({ status: 'saved', path: destination });
    expect(readdirSync(destination)).toHaveLength(20);
    await nextDone;
  });

  it('validates job options, worker counts and export formats', async () => {
    write('a.xml', '<a/>');
    await expect(service.startJob(options())).rejects.toThrow(/Add XML files/);
    await service.addPaths([dir]);
    await expect(service.startJob(options({ workers: 3 }))).rejects.toThrow(/workers/);
    await expect(
      service.startJob({ ...options(), task: 'delete' } as unknown as JobOptions),
    ).rejects.toThrow(/task/);
    await expect(service.resize(0)).rejects.toThrow(/workers/);
    await expect(service.exportReport('csv')).rejects.toThrow(/Run a job/);
    await expect(service.exportReport('xml' as 'csv')).rejects.toThrow(/format/);
    await service.resize(1);
    expect(service.workers).toBe(1);
  });

  it('cancels a run, keeping one result per input, and resizes it live', async () => {
    for (let i = 0; i < 40; i++) write(`f${String(i).padStart(2, '0')}.xml`, `<r><i>${i}</i></r>`);
    await service.addPaths([dir]);
    const done = finalProgress();
    await service.startJob(options({ workers: 2 }));
    await service.resize(1);
    await service.cancel();
    const final = await done;

    expect(['cancelled', 'done']).toContain(final.state);
    const results = await service.getResults();
    expect(results.map((result) => result.index)).toEqual([...Array(40).keys()]);
    for (const result of results) {
      expect(result.ok || result.errors[0]?.kind === 'cancelled', result.file).toBe(true);
    }
    expect(service.workers).toBe(1);
  });

  it('re-runs only the inputs it is given; the others keep their status', async () => {
    const good = write('good.xml', '<a/>');
    const bad = write('bad.xml', '<a>');
    await service.addPaths([good, bad]);
    let done = finalProgress();
    await service.startJob(options());
    await done;
    done = finalProgress();
    await service.startJob(options(), [bad]);
    expect((await done).filesTotal).toBe(1);
    expect((await service.getResults()).map((result) => result.file)).toEqual([bad]);
    expect((await service.listInputs()).map((entry) => entry.status)).toEqual(['ok', 'failed']);
    await expect(service.startJob(options(), [join(dir, 'unlisted.xml')])).rejects.toThrow(
      /listed/,
    );
  });

  it('applies a resize that comes while startJob is still getting ready', async () => {
    for (let i = 0; i < 4; i++) write(`f${i}.xml`, `<r><i>${i}</i></r>`);
    await service.addPaths([dir]);
    const done = finalProgress();
    const started = service.startJob(options({ workers: 2 }));
    await service.resize(1);
    await started;
    expect(service.workers).toBe(1);
    expect((await done).targetWorkers).toBe(1);
  });

  it('cancels a job whose cancel comes while startJob is still getting ready', async () => {
    for (let i = 0; i < 4; i++) write(`f${i}.xml`, `<r><i>${i}</i></r>`);
    await service.addPaths([dir]);
    const done = finalProgress();
    const started = service.startJob(options({ workers: 1 }));
    await service.cancel();
    await started;
    expect((await done).state).toBe('cancelled');
    const results = await service.getResults();
    expect(results.map((result) => result.errors[0]?.kind)).toEqual(Array(4).fill('cancelled'));
  });

  it('refuses an output folder over the inputs before starting anything', async () => {
    write('in/a.xml', '<a/>');
    await service.addPaths([join(dir, 'in')]);
    await expect(
      service.startJob(options({ task: 'convert', outDir: join(dir, 'in', 'out') })),
    ).rejects.toThrow(/overlaps/);
    expect(service.isRunning()).toBe(false);
    expect((await service.listInputs())[0]?.status).toBe('pending');
  });

  it('removes its temp folder on dispose', async () => {
    write('a.xml', '<a/>');
    await service.addPaths([dir]);
    const done = finalProgress();
    await service.startJob(options({ workers: 1 }));
    await done;
    await service.exportReport('ndjson');
    expect(readdirSync(join(dir, 'temp'))).toHaveLength(1);
    await service.dispose();
    expect(existsSync(join(dir, 'temp')) && readdirSync(join(dir, 'temp')).length).toBe(0);
    await expect(service.addPaths([dir])).rejects.toThrow(/shut down/);
  });

  it('never starts a job when dispose() comes while startJob is still getting ready', async () => {
    write('a.xml', '<a/>');
    await service.addPaths([dir]);
    const refused = expect(service.startJob(options({ workers: 1 }))).rejects.toThrow(/shut down/);
    await service.dispose();
    await refused;
    expect(service.isRunning()).toBe(false);
    const temp = join(dir, 'temp');
    expect(existsSync(temp) ? readdirSync(temp) : []).toEqual([]);
  });
});
