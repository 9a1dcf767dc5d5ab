/**
 * The benchmark's rows: what is run, on which inputs, and how its output is checked.
 *
 * Throughput rows run one command over an input set ('files': the ~200 documents; 'big': the one
 * big record file; 'cldr': Debian's CLDR files, each naming its DTD) and are reported in MB/s. A row whose command fails is reported as "n/a" with
 * the reason; a number is only ever printed for a run whose output was checked.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {import('./measure.mjs').Command} Command */
/** @typedef {import('./measure.mjs').Completed} Completed */

/**
 * @typedef {object} Inputs
 * @property {string[]} files  absolute paths
 * @property {string} list     a text file listing `files`, one per line
 * @property {string} [dir]    a folder holding exactly `files` (the many-files sets), or for the
 *                             'startup' set an empty folder (`files` is then one tiny file, for xmllint)
 */

/** @typedef {'files' | 'big' | 'cldr' | 'tiny' | 'attr' | 'startup'} InputSetName */

/**
 * @typedef {object} ThroughputRow
 * @property {string} id
 * @property {string} label
 * @property {InputSetName} set
 * @property {(inputs: Inputs) => Command} command
 * @property {(completed: Completed, inputs: Inputs) => string | null} check  failure reason, or null when the output is right
 * @property {string} [unavailable]  why this row cannot run at all (printed as n/a)
 */

const XMLPOOL_BIN = join(import.meta.dirname, '..', 'bin', 'xmlpool.js');
const PEERS = join(import.meta.dirname, 'peers');
const PYTHON_RECIPE = join(import.meta.dirname, 'python_recipe.py');
/** The corpus's schema (with an import of its own namespace's schema, and one back). */
export const CORPUS_XSD = join(import.meta.dirname, 'schemas', 'corpus.xsd');
/** Debian's unicode-cldr-core: 2,039 documents, each naming its DTD (bench only, not CI). */
export const CLDR_DIR = '/usr/share/unicode/cldr/common';
const CLDR_MISSING = `${CLDR_DIR} is missing: install Debian's unicode-cldr-core (apt-get install unicode-cldr-core)`;
const PYTHON_EXTRACT = join(PEERS, 'extract_etree.py');

/**
 * The extraction every extract row does, the same for xmlpool, xmlstarlet and Python: per record,
 * four attributes and two child elements' text, to CSV.
 */
const EXTRACT_COLUMNS =
  'id=@id, kind=@x:kind, price=@price, status=@status, name=name, total=total';

/**
 * @param {string} tempDir @param {string} id @param {'files' | 'big'} set @param {string} rowTag
 * @param {number} workers @param {'csv' | 'parquet'} format
 * @returns {ThroughputRow}
 */
function xmlpoolExtract(tempDir, id, set, rowTag, workers, format) {
  const table = join(tempDir, `${id}.${format}`);
  const cli = xmlpoolCli(tempDir, id, {
    task: 'extract',
    workers,
    rowTag,
    extraArgs: ['--columns', EXTRACT_COLUMNS, '--table', table],
  });
  return {
    id,
    label: `xmlpool extract to ${format.toUpperCase()}, ${workers} worker${workers > 1 ? 's' : ''}`,
    set,
    command: (inputs) => {
      rmSync(table, { force: true });
      return cli.command(inputs);
    },
    check: (completed, inputs) => {
      const failure = cli.check(completed, inputs);
      if (failure) return failure;
      try {
        readFileSync(table);
      } catch {
        return 'no table written';
      }
      return null;
    },
  };
}

/**
 * The same extraction with xmlstarlet sel and with Python's ElementTree.iterparse, to CSV.
 * @param {string} tempDir @param {'files' | 'big'} set @param {string} rowTag
 * @returns {ThroughputRow[]}
 */
function extractPeers(tempDir, set, rowTag) {
  const csv = join(tempDir, `peer-${set}.csv`);
  return [
    {
      id: `xmlstarlet.extract.${set}`,
      label: 'xmlstarlet sel, the same extraction to CSV',
      set,
      command: (inputs) => ({
        cmd: 'bash',
        args: [
          '-c',
          // One record per line: the values joined by commas (xmlstarlet has no CSV quoting).
          `xmlstarlet sel -N b=urn:xmlpool:bench -N x=urn:xmlpool:bench:ext -t -m "//b:${rowTag}" -v "@id" -o , -v "@x:kind" -o , -v "@price" -o , -v "@status" -o , -v "normalize-space(b:name)" -o , -v "normalize-space(b:total)" -n "$@" > "${csv}"`,
          'bash',
          ...inputs.files,
        ],
      }),
      // xmlstarlet sel exits 1 when nothing matched (the warm-up's small files have no <record>
      // for the big file's row tag), 3 on an error.
      check: (completed) => (completed.code === 1 ? null : exitedZero(completed)),
    },
    {
      id: `python.extract.${set}`,
      label: 'Python ElementTree.iterparse, the same extraction to CSV',
      set,
      command: (inputs) => ({
        cmd: 'python3',
        args: [PYTHON_EXTRACT, rowTag, inputs.list, csv],
      }),
      check: (completed, inputs) => {
        if (completed.code !== 0) return firstLine(completed);
        const summary = JSON.parse(completed.stdout.trim().split('\n').pop() ?? '{}');
        return summary.files === inputs.files.length ? null : `processed ${summary.files} files`;
      },
    },
  ];
}

/** @param {Completed} completed */
function firstLine(completed) {
  const lines = `${completed.stderr}\n${completed.stdout}`.split('\n').filter((l) => l.trim());
  // An uncaught error prints its source location first; the message is the more useful line.
  const line = lines.find((l) => /error|xmlpool/i.test(l)) ?? lines[0];
  return line?.trim().slice(0, 160) || `exit code ${completed.code}`;
}

/** @param {Completed} completed */
function exitedZero(completed) {
  return completed.code === 0 ? null : firstLine(completed);
}

/**
 * For the JS and Python peers, which print one JSON line with a file count and an `ok` count.
 * @param {Completed} completed
 * @param {Inputs} inputs
 */
/**
 * xmlpool convert into a fresh output folder (emptied before each run, so runs don't pile up
 * outputs or collide with the last run's): whole JSON documents for the 200 files, NDJSON
 * records (`--row-tag`) for the big file.
 * @param {string} tempDir @param {string} id @param {'files' | 'big'} set
 * @param {string | undefined} rowTag @param {number} workers
 * @returns {ThroughputRow}
 */
function xmlpoolConvert(tempDir, id, set, rowTag, workers) {
  const outDir = join(tempDir, `${id}.out`);
  const cli = xmlpoolCli(tempDir, id, {
    task: 'convert',
    workers,
    rowTag,
    extraArgs: ['--out-dir', outDir],
  });
  const format = rowTag ? 'NDJSON' : 'JSON';
  return {
    id,
    label: `xmlpool convert to ${format}, ${workers} worker${workers > 1 ? 's' : ''}`,
    set,
    command: (inputs) => {
      rmSync(outDir, { recursive: true, force: true });
      return cli.command(inputs);
    },
    check: (completed, inputs) => cli.check(completed, inputs),
  };
}

function peerSummaryOk(completed, inputs) {
  if (completed.code !== 0) return firstLine(completed);
  const summary = JSON.parse(completed.stdout.trim().split('\n').pop() ?? '{}');
  if (summary.files !== inputs.files.length)
    return `processed ${summary.files} of ${inputs.files.length} files`;
  if (summary.ok !== undefined && summary.ok !== summary.files) {
    return `rejected ${summary.files - summary.ok} valid files, e.g. ${summary.failures?.[0]}`;
  }
  return null;
}

/**
 * @typedef {object} XmlpoolRun
 * @property {'validate' | 'stats' | 'extract' | 'convert'} task
 * @property {number} workers
 * @property {'thread' | 'process'} [backend]
 * @property {string} [rowTag]
 * @property {Record<string, string>} [env]
 * @property {string[]} [extraArgs]
 * @property {boolean} [folder]  give the set's folder (`inputs.dir`), walked by xmlpool, not its files
 */

/**
 * `xmlpool run` through the real CLI, results written as NDJSON to a temp file and checked:
 * one result per input, every one ok (the corpus is well-formed).
 * @param {string} tempDir
 * @param {string} id
 * @param {XmlpoolRun} run
 * @returns {Pick<ThroughputRow, 'command' | 'check'>}
 */
function xmlpoolCli(tempDir, id, run) {
  const out = join(tempDir, `${id}.ndjson`);
  return {
    command: (inputs) => {
      rmSync(out, { force: true });
      return {
        cmd: process.execPath,
        args: [
          XMLPOOL_BIN,
          'run',
          '--task',
          run.task,
          '--workers',
          String(run.workers),
          '--backend',
          run.backend ?? 'thread',
          ...(run.rowTag ? ['--row-tag', run.rowTag] : []),
          ...(run.extraArgs ?? []),
          '--format',
          'ndjson',
          '--out',
          out,
          ...(run.folder && inputs.dir !== undefined ? [inputs.dir] : inputs.files),
        ],
        env: run.env,
      };
    },
    check: (completed, inputs) => {
      if (completed.code !== 0 && completed.code !== 1) return firstLine(completed);
      let lines;
      try {
        lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
      } catch {
        return `no output file (${firstLine(completed)})`;
      }
      if (lines.length !== inputs.files.length)
        return `${lines.length} results for ${inputs.files.length} files`;
      for (const line of lines) {
        const result = JSON.parse(line);
        if (result.ok !== true) {
          const error = result.errors?.[0];
          const why = error ? `${error.kind} ${error.message}` : JSON.stringify(result);
          return `${result.file}: ${why}`.replace(/\s+/g, ' ').slice(0, 200);
        }
      }
      return completed.code === 0 ? null : firstLine(completed);
    },
  };
}

/**
 * xmlpool's own parallel ceiling: two independent 1-worker `xmlpool run` processes, each on half
 * the files, at the same time. Like the two-xmllint row, it has no coordination at all; set
 * against the 2-worker pool, it shows how much of the missing speed-up is the pool's and how much
 * is what this machine gives two copies of the same work.
 * @param {string} tempDir
 * @returns {ThroughputRow}
 */
function xmlpoolHalves(tempDir) {
  const outs = [join(tempDir, 'halves.1.ndjson'), join(tempDir, 'halves.2.ndjson')];
  return {
    id: 'xmlpool.validate.2proc.files',
    label: 'xmlpool validate, 1 worker, 2 independent processes',
    set: 'files',
    command: (inputs) => {
      for (const out of outs) rmSync(out, { force: true });
      const run = (/** @type {number} */ i) =>
        `"$node" "$bin" run --workers 1 --format ndjson --out "${outs[i]}"`;
      return {
        cmd: 'bash',
        args: [
          '-c',
          `n=$(($# / 2)); ${run(0)} "\${@:1:n}" & a=$!; ${run(1)} "\${@:n+1}"; b=$?; wait $a && exit $b`,
          'bash',
          ...inputs.files,
        ],
        env: { node: process.execPath, bin: XMLPOOL_BIN },
      };
    },
    check: (completed, inputs) => {
      if (completed.code !== 0) return firstLine(completed);
      let results = 0;
      for (const out of outs) {
        const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
        if (lines.some((line) => JSON.parse(line).ok !== true)) return `a file failed in ${out}`;
        results += lines.length;
      }
      return results === inputs.files.length
        ? null
        : `${results} results for ${inputs.files.length} files`;
    },
  };
}

/**
 * A row that cannot run at all, printed as n/a with the reason.
 * @param {string} id @param {string} label @param {InputSetName} set @param {string} reason
 * @returns {ThroughputRow}
 */
function unavailableRow(id, label, set, reason) {
  return {
    id,
    label,
    set,
    command: () => ({ cmd: 'false', args: [] }),
    check: () => null,
    unavailable: reason,
  };
}

/**
 * Peers: the same work done by other tools, on both input sets.
 * @param {'files' | 'big'} set
 * @returns {ThroughputRow[]}
 */
function peerRows(set) {
  /** @type {(script: string) => (inputs: Inputs) => Command} */
  const nodePeer = (script) => (inputs) => ({
    cmd: process.execPath,
    args: [join(PEERS, script), inputs.list],
  });
  /** @type {(workers: number) => (inputs: Inputs) => Command} */
  const python = (workers) => (inputs) => ({
    cmd: 'python3',
    args: [PYTHON_RECIPE, String(workers), inputs.list],
  });
  return [
    {
      id: `xmllint.${set}`,
      label: 'xmllint --noout (reference)',
      set,
      command: (inputs) => ({ cmd: 'xmllint', args: ['--noout', ...inputs.files] }),
      check: exitedZero,
    },
    ...(set === 'files'
      ? [
          {
            // The machine's own parallel ceiling: two independent xmllint processes, each on half
            // the files, at the same time. No coordination at all, so no pool can beat it.
            id: 'xmllint.2proc.files',
            label: 'xmllint --noout, 2 independent processes (ceiling)',
            set,
            command: (/** @type {Inputs} */ inputs) => ({
              cmd: 'bash',
              args: [
                '-c',
                // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, not a template
                'n=$(($# / 2)); xmllint --noout "${@:1:n}" & a=$!; xmllint --noout "${@:n+1}"; b=$?; wait $a && exit $b',
                'bash',
                ...inputs.files,
              ],
            }),
            check: exitedZero,
          },
        ]
      : []),
    {
      id: `xmllint-stream.${set}`,
      label: 'xmllint --stream --noout (no tree)',
      set,
      command: (inputs) => ({ cmd: 'xmllint', args: ['--stream', '--noout', ...inputs.files] }),
      check: exitedZero,
    },
    set === 'files'
      ? {
          id: 'fxp.files',
          label: 'fast-xml-parser XMLValidator',
          set,
          command: nodePeer('fxp-validate.mjs'),
          check: peerSummaryOk,
        }
      : unavailableRow(
          'fxp.big',
          'fast-xml-parser XMLValidator',
          set,
          'needs the whole file as one string; 315 MB does not fit',
        ),
    {
      id: `saxes.${set}`,
      label: 'saxes (streamed, xmlns)',
      set,
      command: nodePeer('saxes-stream.mjs'),
      check: peerSummaryOk,
    },
    ...(set === 'files'
      ? [1, 2].map((workers) => ({
          id: `python.pool${workers}.files`,
          label: `Python recipe Pool(${workers}) + ElementTree`,
          set,
          command: python(workers),
          check: peerSummaryOk,
        }))
      : [
          unavailableRow(
            'python.pool1.big',
            'Python recipe Pool(1) + ElementTree',
            set,
            'not run: builds a multi-GB tree in memory, and a Pool cannot split one file',
          ),
        ]),
  ];
}

/**
 * Schema validation (issue 11): XSD on the same files as the other rows, against xmllint in one
 * process; DTD on CLDR against `xmllint --valid`; the big file in batches of records, for its
 * peak RSS against `xmllint --stream`. The corpus uses internal entities, which libxml2's XSD
 * validation of a tree cannot walk: `xmllint --schema` needs --noent for it, as xmlpool does.
 * @param {(id: string, label: string, set: InputSetName, run: XmlpoolRun) => ThroughputRow} cli
 * @param {string} rowTag
 * @returns {ThroughputRow[]}
 */
function schemaRows(cli, rowTag) {
  const cldr = existsSync(CLDR_DIR);
  const xsd = ['--schema', CORPUS_XSD];
  /** @type {(id: string, label: string, args: string[], set: InputSetName) => ThroughputRow} */
  const lint = (id, label, args, set) => ({
    id,
    label,
    set,
    command: (inputs) => ({ cmd: 'xmllint', args: ['--noout', ...args, ...inputs.files] }),
    check: exitedZero,
  });
  return [
    lint(
      'xmllint.schema.files',
      'xmllint --noout --noent --schema (XSD)',
      ['--noent', ...xsd],
      'files',
    ),
    {
      id: 'libxml2-wasm.schema.files',
      label: 'libxml2-wasm alone: parse + validate, one thread (XSD ceiling)',
      set: 'files',
      command: (inputs) => ({
        cmd: process.execPath,
        args: [join(PEERS, 'libxml2-wasm-schema.mjs'), CORPUS_XSD, inputs.list],
      }),
      check: peerSummaryOk,
    },
    cli('xmlpool.schema.w1.files', 'xmlpool validate --schema (XSD), 1 worker', 'files', {
      task: 'validate',
      workers: 1,
      extraArgs: xsd,
    }),
    cli('xmlpool.schema.w2.files', 'xmlpool validate --schema (XSD), 2 workers', 'files', {
      task: 'validate',
      workers: 2,
      extraArgs: xsd,
    }),
    cldr
      ? lint('xmllint.cldr', 'xmllint --noout --valid (reference, DTD)', ['--valid'], 'cldr')
      : unavailableRow(
          'xmllint.cldr',
          'xmllint --noout --valid (reference, DTD)',
          'cldr',
          CLDR_MISSING,
        ),
    ...[1, 2].map((workers) =>
      cldr
        ? cli(
            `xmlpool.dtd.w${workers}.cldr`,
            `xmlpool validate --schema auto (DTD), ${workers} worker${workers === 1 ? '' : 's'}`,
            'cldr',
            {
              task: 'validate',
              workers,
              extraArgs: ['--schema', 'auto'],
            },
          )
        : unavailableRow(
            `xmlpool.dtd.w${workers}.cldr`,
            `xmlpool validate --schema auto (DTD), ${workers} workers`,
            'cldr',
            CLDR_MISSING,
          ),
    ),
    lint(
      'xmllint-stream.schema.big',
      'xmllint --stream --noout --schema (XSD, no tree)',
      ['--stream', ...xsd],
      'big',
    ),
    cli(
      'xmlpool.schema.rowtag.w1.big',
      `xmlpool validate --schema --row-tag ${rowTag} (XSD in batches), 1 worker`,
      'big',
      {
        task: 'validate',
        workers: 1,
        rowTag,
        extraArgs: xsd,
      },
    ),
  ];
}

/**
 * @param {{ tempDir: string, rowTag: string }} context
 * @returns {ThroughputRow[]}
 */
export function throughputRows({ tempDir, rowTag }) {
  /** @type {(id: string, label: string, set: InputSetName, run: XmlpoolRun) => ThroughputRow} */
  const cli = (id, label, set, run) => ({ id, label, set, ...xmlpoolCli(tempDir, id, run) });
  return [
    ...peerRows('files'),
    cli('xmlpool.validate.w1.files', 'xmlpool validate, 1 worker', 'files', {
      task: 'validate',
      workers: 1,
    }),
    cli('xmlpool.stats.w1.files', 'xmlpool stats, 1 worker', 'files', {
      task: 'stats',
      workers: 1,
    }),
    cli('xmlpool.validate.w2.files', 'xmlpool validate, 2 workers', 'files', {
      task: 'validate',
      workers: 2,
    }),
    cli('xmlpool.stats.w2.files', 'xmlpool stats, 2 workers', 'files', {
      task: 'stats',
      workers: 2,
    }),
    xmlpoolHalves(tempDir),
    cli(
      'xmlpool.validate.w1.process.files',
      'xmlpool validate, 1 worker, process backend',
      'files',
      {
        task: 'validate',
        workers: 1,
        backend: 'process',
      },
    ),
    cli(
      'xmlpool.validate.w2.process.files',
      'xmlpool validate, 2 workers, process backend',
      'files',
      {
        task: 'validate',
        workers: 2,
        backend: 'process',
      },
    ),
    ...['off', 'on'].map((mode) => ({
      id: `pool.validate.w1.progress-${mode}.files`,
      label: `pool API validate, 1 worker, progress ${mode}`,
      set: /** @type {const} */ ('files'),
      command: (/** @type {Inputs} */ inputs) => ({
        cmd: process.execPath,
        args: [join(import.meta.dirname, 'progress-cost.mjs'), mode, inputs.list],
      }),
      check: peerSummaryOk,
    })),
    ...['off', 'on'].map((mode) => ({
      id: `pool.validate.w1.timeline-${mode}.files`,
      label: `pool API validate, 1 worker, timeline ${mode}`,
      set: /** @type {const} */ ('files'),
      command: (/** @type {Inputs} */ inputs) => ({
        cmd: process.execPath,
        args: [join(import.meta.dirname, 'timeline-cost.mjs'), mode, inputs.list],
      }),
      check: peerSummaryOk,
    })),
    ...peerRows('big'),
    cli('xmlpool.validate.w1.big', 'xmlpool validate, 1 worker', 'big', {
      task: 'validate',
      workers: 1,
    }),
    cli('xmlpool.stats.w1.big', 'xmlpool stats, 1 worker', 'big', { task: 'stats', workers: 1 }),
    cli('xmlpool.validate.rowtag.w1.big', `xmlpool validate --row-tag ${rowTag}, 1 worker`, 'big', {
      task: 'validate',
      workers: 1,
      rowTag,
    }),
    cli(
      'xmlpool.validate.rowtag.w2.big',
      `xmlpool validate --row-tag ${rowTag}, 2 workers`,
      'big',
      {
        task: 'validate',
        workers: 2,
        rowTag,
      },
    ),
    ...schemaRows(cli, rowTag),
    // Extract (issue 12): the 200 files' records are <item> (one of their four record names).
    ...extractPeers(tempDir, 'files', 'item'),
    xmlpoolExtract(tempDir, 'xmlpool.extract.w1.files', 'files', 'item', 1, 'csv'),
    xmlpoolExtract(tempDir, 'xmlpool.extract.w2.files', 'files', 'item', 2, 'csv'),
    xmlpoolExtract(tempDir, 'xmlpool.extract.parquet.w2.files', 'files', 'item', 2, 'parquet'),
    ...extractPeers(tempDir, 'big', rowTag),
    xmlpoolExtract(tempDir, 'xmlpool.extract.w1.big', 'big', rowTag, 1, 'csv'),
    xmlpoolExtract(tempDir, 'xmlpool.extract.w2.big', 'big', rowTag, 2, 'csv'),
    xmlpoolExtract(tempDir, 'xmlpool.extract.parquet.w2.big', 'big', rowTag, 2, 'parquet'),
    // Convert (issue 12, item 7): JSON documents for the files, NDJSON records for the big one.
    xmlpoolConvert(tempDir, 'xmlpool.convert.w1.files', 'files', undefined, 1),
    xmlpoolConvert(tempDir, 'xmlpool.convert.w1.big', 'big', rowTag, 1),
    xmlpoolConvert(tempDir, 'xmlpool.convert.w2.big', 'big', rowTag, 2),
    ...manyFilesRows(tempDir, cli),
  ];
}

/**
 * Issue 16, folders of many small files: 10,000 one-line files, 2,000 attribute-heavy files of
 * 50–150 KB (1 and 2 workers), and the start-up: an empty run against xmllint on one tiny file.
 * xmlpool is given the folder (as a user would), xmllint the files.
 * @param {string} tempDir
 * @param {(id: string, label: string, set: InputSetName, run: XmlpoolRun) => ThroughputRow} cli
 * @returns {ThroughputRow[]}
 */
function manyFilesRows(tempDir, cli) {
  /** @type {(set: InputSetName, label: string) => ThroughputRow} */
  const lint = (set, label) => ({
    id: `xmllint.${set}`,
    label,
    set,
    command: (inputs) => ({ cmd: 'xmllint', args: ['--noout', ...inputs.files] }),
    check: exitedZero,
  });
  const empty = xmlpoolCli(tempDir, 'xmlpool.validate.w1.startup', {
    task: 'validate',
    workers: 1,
    folder: true,
  });
  return [
    lint('tiny', 'xmllint --noout (reference)'),
    cli('xmlpool.validate.w1.tiny', 'xmlpool validate, 1 worker (a folder)', 'tiny', {
      task: 'validate',
      workers: 1,
      folder: true,
    }),
    lint('attr', 'xmllint --noout (reference)'),
    ...[1, 2].map((workers) =>
      cli(
        `xmlpool.validate.w${workers}.attr`,
        `xmlpool validate, ${workers} worker${workers === 1 ? '' : 's'} (a folder)`,
        'attr',
        { task: 'validate', workers, folder: true },
      ),
    ),
    lint('startup', 'xmllint --noout, one tiny file (reference)'),
    {
      id: 'xmlpool.validate.w1.startup',
      label: 'xmlpool validate, 1 worker, an empty folder (start-up)',
      set: 'startup',
      command: empty.command,
      // An empty run: no result at all, and the exit code of a run with no failures.
      check: (completed, inputs) => empty.check(completed, { ...inputs, files: [] }),
    },
  ];
}
