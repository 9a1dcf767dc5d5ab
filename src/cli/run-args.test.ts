import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../shared/tasks';
import { parseRunArgs, RUN_OPTIONS } from './run-args';
import { RUN_USAGE } from './usage';

function usageError(argv: string[]): string {
  const parsed = parseRunArgs(argv);
  if (parsed.kind !== 'usage-error') throw new Error(`expected a usage error, got ${parsed.kind}`);
  return parsed.message;
}

describe('xmlpool run arguments', () => {
  it('defaults to validate on every core, NDJSON to stdout', () => {
    const parsed = parseRunArgs(['data/']);
    expect(parsed).toEqual({
      kind: 'run',
      args: {
        paths: ['data/'],
        include: ['*.xml'],
        options: { ...DEFAULT_JOB_OPTIONS, workers: availableParallelism() },
        out: null,
        format: 'ndjson',
        formatGiven: false,
        overwrite: false,
        bom: false,
        joblog: null,
        trace: null,
        reportHtml: null,
        table: null,
        printColumns: false,
      },
    });
  });

  it('reads the run records and refuses two of them on one file', () => {
    const parsed = parseRunArgs([
      '--joblog',
      'log.tsv',
      '--trace',
      'trace.json',
      '--report-html',
      'run.html',
      'a.xml',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      args: { joblog: 'log.tsv', trace: 'trace.json', reportHtml: 'run.html' },
    });
    expect(usageError(['--joblog', 'x', '--trace', './x', 'a.xml'])).toBe(
      '--joblog and --trace name the same file, ./x',
    );
    expect(usageError(['--out', 'r.json', '--report-html', 'r.json', 'a.xml'])).toContain(
      '--out and --report-html',
    );
    expect(usageError(['--joblog', '-', 'a.xml'])).toBe('--joblog needs a file name');
  });

  it('reads every option', () => {
    const parsed = parseRunArgs([
      '--task=convert',
      '--workers',
      '3',
      '--backend',
      'process',
      '--row-tag',
      'record',
      '--include',
      '*.xml',
      '--include',
      '*.XML',
      '--order',
      'input',
      '--out',
      'r.csv',
      '--format',
      'csv',
      '--bom',
      '--out-dir',
      'json',
      '--force',
      '--timeout',
      '0',
      '--always-array',
      'a.b',
      '--parse-numbers',
      '--max-depth',
      '50',
      '--max-entity-expansions',
      '0',
      '--max-entity-chars=1000',
      'x.xml',
      'y.xml',
    ]);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.args).toMatchObject({
      paths: ['x.xml', 'y.xml'],
      include: ['*.xml', '*.XML'],
      out: 'r.csv',
      format: 'csv',
      bom: true,
      options: {
        task: 'convert',
        workers: 3,
        backend: 'process',
        rowTag: 'record',
        order: 'input',
        outDir: 'json',
        force: true,
        taskTimeoutMs: 0,
        convert: { alwaysArray: ['a.b'], parseNumbers: true, parseBooleans: false },
        limits: { maxDepth: 50, maxEntityExpansions: 0, maxEntityExpandedChars: 1000 },
      },
    });
  });

  it('turns every mistake into a usage error that names the option', () => {
    expect(usageError([])).toContain('no input');
    expect(usageError(['--task', 'fly', 'a.xml'])).toBe(
      "--task must be one of validate, stats, convert, extract, not 'fly'",
    );
    expect(usageError(['--workers', '0', 'a.xml'])).toContain('--workers must be a whole number');
    expect(usageError(['--workers', '2.5', 'a.xml'])).toContain('--workers');
    expect(usageError(['--format', 'xml', 'a.xml'])).toContain('--format');
    expect(usageError(['--frobnicate', 'a.xml'])).toContain('--frobnicate');
    expect(usageError(['--task', 'convert', 'a.xml'])).toContain('--out-dir');
    expect(usageError(['--workers'])).toContain('--workers');
    expect(usageError(['--include', '', 'data/'])).toContain('--include needs a glob');
    expect(usageError(['--max-depth', '0', 'a.xml'])).toBe(
      "--max-depth must be a whole number of at least 1, not '0'",
    );
    expect(usageError(['--max-entity-expansions', 'lots', 'a.xml'])).toContain(
      '--max-entity-expansions must be a whole number',
    );
    expect(usageError(['--max-entity-chars', '1e6', 'a.xml'])).toContain('--max-entity-chars');
    expect(usageError(['--row-tag', '<row>', 'big.xml'])).toBe(
      "--row-tag must be an element name such as record, not '<row>'",
    );
  });

  it('says what is wrong in one line, even where parseArgs would take several', () => {
    for (const argv of [
      ['--workers', '-1', 'a.xml'],
      ['-w', '-1', 'a.xml'],
      ['--bogus', 'a.xml'],
    ]) {
      expect(usageError(argv)).not.toContain('\n');
    }
    expect(usageError(['-w', '-1', 'a.xml'])).toBe(
      "--workers needs a value; for one that starts with '-', write --workers=VALUE",
    );
    expect(usageError(['-dash.xml'])).toBe(
      "unknown option '-d' (a file whose name starts with '-' goes after --)",
    );
    expect(parseRunArgs(['--', '-dash.xml'])).toMatchObject({ args: { paths: ['-dash.xml'] } });
  });

  it('refuses numbers too big to mean anything: thousands of workers, timers Node cannot set', () => {
    expect(usageError(['--workers', '99999999999', 'a.xml'])).toBe(
      "--workers must be a whole number from 1 to 256, not '99999999999'",
    );
    expect(usageError(['--timeout', '2147483648', 'a.xml'])).toContain('--timeout');
    const longest = parseRunArgs(['--timeout', '2147483647', 'a.xml']);
    expect(longest.kind === 'run' && longest.args.options.taskTimeoutMs).toBe(2147483647);
  });

  it('refuses options that the chosen task or format would silently ignore', () => {
    expect(usageError(['--out-dir', 'json', 'a.xml'])).toBe(
      '--out-dir applies only to --task convert',
    );
    expect(usageError(['--task', 'stats', '--parse-numbers', 'a.xml'])).toContain(
      '--parse-numbers',
    );
    expect(usageError(['--bom', 'a.xml'])).toBe(
      '--bom applies only to --format csv and csv-errors, and to a .csv or .tsv --table',
    );
    expect(usageError(['--task', 'stats', '--schema', 'a.xsd', 'a.xml'])).toBe(
      '--schema applies only to --task validate',
    );
    expect(usageError(['--catalog', 'c.xml', 'a.xml'])).toBe(
      '--catalog applies only with --schema FILE or --schema auto',
    );
    expect(usageError(['--max-errors', '5', 'a.xml'])).toContain('--max-errors');
    expect(usageError(['--schema', 'auto', '--max-errors', '0', 'a.xml'])).toContain(
      '--max-errors must be a whole number from 1 to 100000',
    );
  });

  it('reads the schema options, paths resolved from the working folder', () => {
    const file = parseRunArgs([
      '--schema',
      's/a.xsd',
      '--catalog',
      'c.xml',
      '--max-errors',
      '7',
      'x.xml',
    ]);
    expect(file.kind === 'run' && file.args.options.schema).toEqual({
      mode: 'file',
      file: resolve('s/a.xsd'),
      catalogs: [resolve('c.xml')],
      maxErrors: 7,
    });
    const auto = parseRunArgs(['--schema', 'auto', '--format', 'csv-errors', '--bom', 'x.xml']);
    expect(auto.kind === 'run' && auto.args.options.schema).toEqual({
      mode: 'auto',
      file: null,
      catalogs: [],
      maxErrors: 100,
    });
    expect(auto.kind === 'run' && auto.args.format).toBe('csv-errors');
    const none = parseRunArgs(['x.xml']);
    expect(none.kind === 'run' && none.args.options.schema.mode).toBe('none');
  });

  it('takes --out - as stdout', () => {
    const parsed = parseRunArgs(['--out', '-', 'a.xml']);
    expect(parsed.kind === 'run' && parsed.args.out).toBeNull();
  });

  it('asks for help', () => {
    expect(parseRunArgs(['--help', 'whatever'])).toEqual({ kind: 'help' });
  });

  it('documents every option it accepts in --help, with its short form', () => {
    const entries = Object.entries(RUN_OPTIONS);
    expect(entries.length).toBeGreaterThan(10);
    for (const [name, option] of entries) {
      expect(RUN_USAGE).toMatch(new RegExp(`^ +(-\\w, )?--${name}\\b`, 'm'));
      if ('short' in option) expect(RUN_USAGE).toContain(`-${option.short}, --${name}`);
    }
  });

  it('reads --nats and its options, credentials from the environment only', () => {
    const parsed = parseRunArgs(
      ['--nats', 'nats://h:4222', '--shared-fs', '--ack-wait', '1500', '--max-deliver', '2', 'd'],
      { XMLPOOL_NATS_USER: 'u', XMLPOOL_NATS_PASSWORD: 'p' },
    );
    expect(parsed.kind === 'run' && parsed.args.options.cluster).toMatchObject({
      servers: 'nats://h:4222',
      sharedFs: true,
      ackWaitMs: 1500,
      maxDeliver: 2,
      user: 'u',
      password: 'p',
    });
    const local = parseRunArgs(['d']);
    expect(local.kind === 'run' && local.args.options.cluster).toBeNull();
  });

  it('refuses cluster options without --nats, --backend with it, and a URL that is not NATS', () => {
    for (const argv of [
      ['--shared-fs', 'd'],
      ['--ack-wait', '1000', 'd'],
      ['--nats', 'nats://h:4222', '--backend', 'process', 'd'],
      ['--nats', 'http://h:4222', 'd'],
      ['--nats', 'nats://h:4222', '--ack-wait', '10', 'd'],
    ]) {
      expect(parseRunArgs(argv).kind).toBe('usage-error');
    }
  });
});

describe('xmlpool run extract arguments', () => {
  it('reads the extract options, the table format from its extension', () => {
    const parsed = parseRunArgs([
      '--task',
      'extract',
      '--row-tag',
      'book',
      '--columns',
      'id=@id:int, tags=tags/tag:string[]',
      '--table',
      'out.xlsx',
      '--ns',
      'b=urn:books',
      '--on-bad-value',
      'fail',
      '--source-column',
      'file',
      'data/',
    ]);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.args.table).toBe('out.xlsx');
    expect(parsed.args.options.rowTag).toBe('book');
    expect(parsed.args.options.extract).toMatchObject({
      format: 'xlsx',
      onBadValue: 'fail',
      namespaces: [{ prefix: 'b', uri: 'urn:books' }],
      sourceColumn: 'file',
      columns: [
        { name: 'id', path: '@id', type: 'int', list: false },
        { name: 'tags', path: 'tags/tag', type: 'string', list: true },
      ],
    });
  });

  it.each([
    [['--task', 'extract', '--table', 't.csv', 'd/'], '--task extract needs --row-tag'],
    [['--task', 'extract', '--row-tag', 'r', 'd/'], '--task extract needs --table'],
    [['--task', 'extract', '--row-tag', 'r', '--table', 't.txt', 'd/'], '--table t.txt'],
    [['--table', 't.csv', 'd/'], '--table applies only to --task extract'],
    [
      ['--task', 'extract', '--row-tag', 'r', '--table', 't.csv', '--columns', 'a=@', 'd/'],
      'not an attribute name',
    ],
    [
      ['--task', 'extract', '--row-tag', 'r', '--table', 't.csv', '--ns', 'nope', 'd/'],
      '--ns must be',
    ],
    // NDJSON and Parquet keep lists as arrays: a separator would be ignored, like --bom there.
    [
      ['--task', 'extract', '--row-tag', 'r', '--table', 't.ndjson', '--join', ';', 'd/'],
      '--join applies only to a .csv, .tsv or .xlsx --table',
    ],
    [
      ['--task', 'extract', '--row-tag', 'r', '--table', 't.parquet', '--join', ';', 'd/'],
      '--join applies only to a .csv, .tsv or .xlsx --table',
    ],
    [
      ['--task', 'extract', '--row-tag', 'r', '--table', '/dev/null', 'd/'],
      'a device such as /dev/null cannot be one: write to a file in a temporary folder instead',
    ],
  ])('refuses %j', (argv, message) => {
    const parsed = parseRunArgs(argv);
    expect(parsed.kind).toBe('usage-error');
    if (parsed.kind === 'usage-error') expect(parsed.message).toContain(message);
  });

  it.each(['t.csv', 't.tsv', 't.xlsx'])('takes --join for a %s table', (table) => {
    const parsed = parseRunArgs([
      '--task',
      'extract',
      '--row-tag',
      'r',
      '--table',
      table,
      '--join',
      ';',
      'd/',
    ]);
    expect(parsed.kind).toBe('run');
    if (parsed.kind === 'run') expect(parsed.args.options.extract.join).toBe(';');
  });
});
