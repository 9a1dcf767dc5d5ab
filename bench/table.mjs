/**
 * The bench report as Markdown: machine, throughput table, other metrics, goals.
 * Markdown so the same text reads well in a terminal and pastes into docs/benchmarks.md.
 */

/** @typedef {import('./goals.mjs').RowResult} RowResult */
/** @typedef {import('./goals.mjs').GoalResult} GoalResult */

/** @param {string[]} header @param {string[][]} rows */
function markdownTable(header, rows) {
  const escapeCell = (/** @type {string} */ cell) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

/**
 * @param {{ date: string, mode: string, statistic: string, durationS: number,
 *   machine: Record<string, unknown>, corpus: { files: number, filesBytes: number, bigBytes: number },
 *   rows: RowResult[], goals: GoalResult[] }} report
 */
export function formatReport(report) {
  const m = report.machine;
  const setName = (/** @type {string} */ set) =>
    set === 'files'
      ? `${report.corpus.files} files`
      : set === 'big'
        ? 'big file'
        : set === 'cldr'
          ? 'CLDR (DTD)'
          : set === 'tiny'
            ? 'tiny files'
            : set === 'attr'
              ? 'attribute-heavy files'
              : set === 'startup'
                ? 'empty run / 1 tiny file'
                : set;
  const throughput = report.rows.filter((r) => r.unit === undefined);
  const metrics = report.rows.filter((r) => r.unit !== undefined);
  const lines = [
    `## xmlpool benchmark — ${report.mode} run, ${report.date}`,
    '',
    `Machine: ${m.nproc} cores (nproc), ${m.cpu}, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}, ${m.xmllint}, ${m.python}, fast-xml-parser ${m.fastXmlParser}, saxes ${m.saxes}.`,
    `Source: commit ${m.gitCommit}, ${m.uncommittedFiles} files with uncommitted changes.`,
    `Load average at start ${JSON.stringify(m.loadAverageAtStart)}, at end ${JSON.stringify(m.loadAverageAtEnd)}.`,
    `Corpus: ${report.corpus.files} files, ${(report.corpus.filesBytes / 1e6).toFixed(1)} MB in total; big file ${(report.corpus.bigBytes / 1e6).toFixed(1)} MB. MB = 10^6 bytes.`,
    `Statistic: ${report.statistic}. Run took ${report.durationS} s.`,
    '',
    '### Throughput',
    '',
    markdownTable(
      [
        'Row',
        'Input',
        'Wall, best (s)',
        'MB/s',
        'vs xmllint',
        'CPU of best (s)',
        'Peak RSS (MB)',
        'Load',
        'All runs (ms)',
      ],
      throughput.map((r) =>
        r.status === 'ok'
          ? [
              r.label,
              setName(r.set),
              ((r.wallMs ?? 0) / 1000).toFixed(2),
              (r.mbPerS ?? 0).toFixed(1),
              r.vsXmllint === undefined ? '—' : `${r.vsXmllint.toFixed(2)}×`,
              ((r.cpuMs ?? 0) / 1000).toFixed(2),
              String(r.peakRssMb ?? ''),
              String(r.load ?? ''),
              (r.runsMs ?? []).join(', '),
            ]
          : [r.label, setName(r.set), `n/a (${r.reason})`, '', '', '', '', '', ''],
      ),
    ),
    '',
    '### Memory, responsiveness',
    '',
    markdownTable(
      ['Row', 'Value', 'Note'],
      metrics.map((r) =>
        r.status === 'ok'
          ? [r.label, `${r.value} ${r.unit}`, r.note ?? '']
          : [r.label, `n/a (${r.reason})`, ''],
      ),
    ),
    '',
    '### Goals',
    '',
    markdownTable(
      ['Goal', 'Target', 'Measured', 'Verdict'],
      report.goals.map((g) => [g.goal, g.target, g.measured, g.verdict]),
    ),
  ];
  return lines.join('\n');
}
