/**
 * The HTML report of a run: one self-contained file that still tells the whole story on another
 * machine a month later. Everything is inside: the summary, the balance of the workers, the
 * timeline, the errors grouped by message and the per-file table are server-rendered HTML (so
 * they read with JavaScript off); the run's data is embedded as JSON, and one inline script
 * (src/report-app, allowed by its hash) turns the page interactive: a zoomable timeline, the
 * charts, and a sortable, filterable, paged table of every file. No network, ever.
 *
 * Written as a stream of pieces: the results are read from the job's spill file twice (errors,
 * then rows), never all held at once.
 */
import { errorGroupKey } from '../../shared/error-group';
import {
  REPORT_DATA_ID,
  type ReportFile,
  type ReportSummary,
  reportFileOf,
  statusOf,
} from '../../shared/report-data';
import type { FileResult } from '../../shared/results';
import { type TimelineUpdate, timelineData } from '../../shared/timeline';
import { type BalanceSummary, balanceSummary } from '../../shared/timeline-balance';
import { barFilesText, bytesText, msText, percentText, rateText } from '../../shared/timeline-text';
import { writeFileAtomic } from '../fs/atomic-file';
import { escapeHtml, jsonForScript } from './html-text';
import { type ReportAssets, reportContentSecurityPolicy } from './report-assets';
import { staticTimelineSvg } from './static-timeline';

/** Rows the table shows without JavaScript; the script pages through all of them. */
export const STATIC_ROWS = 10_000;
/** Error groups listed, and files listed per group. */
const MAX_GROUPS = 200;
const EXAMPLES_PER_GROUP = 20;

export interface HtmlReportInput {
  summary: ReportSummary;
  /** The run's whole timeline, file paths already named as the report should show them. */
  timeline: TimelineUpdate;
  /** Every result in input order; called once per pass. */
  results(): AsyncIterable<FileResult>;
  /** The name the report shows for a result's file. */
  nameOf(result: FileResult): string;
  assets: ReportAssets;
}

export async function writeHtmlReport(input: HtmlReportInput, destination: string): Promise<void> {
  await writeFileAtomic(destination, htmlReport(input));
}

export async function* htmlReport(input: HtmlReportInput): AsyncGenerator<string> {
  const { summary, timeline, assets } = input;
  const balance = balanceSummary(timelineData(timeline));
  const title = `xmlpool ${summary.task} report, ${dateText(summary.startedAt)}`;
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy(assets)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="xmlpool ${escapeHtml(summary.version)}">
<title>${escapeHtml(title)}</title>
<style>${assets.style}</style>
</head>
<body>
<header class="report-header"><h1>xmlpool report</h1><p class="muted">${escapeHtml(summary.task)} · started ${escapeHtml(dateText(summary.startedAt))} · xmlpool ${escapeHtml(summary.version)}</p></header>
<main>
`;
  yield summarySection(summary);
  yield balanceSection(balance, timeline);
  yield timelineSection(timeline);
  yield '<section class="card" aria-labelledby="charts-h"><h2 id="charts-h">Throughput and utilization</h2><div id="charts" class="charts"><noscript><p class="muted">The charts need JavaScript; the balance above has the same numbers per worker.</p></noscript></div></section>\n';
  yield await errorsSection(input);
  yield* filesSection(input, summary);
  yield '</main>\n';
  yield* dataBlock(input);
  yield `<script>${assets.script}</script>\n</body>\n</html>\n`;
}

function dateText(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

function stat(name: string, label: string, value: string): string {
  return `<div class="stat" data-stat="${name}"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

function summarySection(summary: ReportSummary): string {
  const state = summary.state === 'cancelled' ? 'cancelled' : 'done';
  return `<section class="card" aria-labelledby="summary-h" data-testid="report-summary"><h2 id="summary-h">Summary</h2><dl class="stats">${[
    stat('state', 'State', state),
    stat('files', 'Files', summary.files.toLocaleString('en-US')),
    stat('ok', 'OK', summary.ok.toLocaleString('en-US')),
    stat('failed', 'Failed', summary.failed.toLocaleString('en-US')),
    stat('cancelled', 'Cancelled', summary.cancelled.toLocaleString('en-US')),
    stat('bytes', 'Data', bytesText(summary.bytes)),
    stat('elapsed', 'Time', msText(summary.elapsedMs)),
    stat('rate', 'Throughput', rateText(summary.bytes, summary.elapsedMs)),
    stat('workers', 'Workers', `${summary.workers} (${summary.backend})`),
    stat('row-tag', 'Row tag', summary.rowTag ?? 'none'),
  ].join('')}</dl></section>\n`;
}

function balanceSection(balance: BalanceSummary, timeline: TimelineUpdate): string {
  const files = new Map(timeline.files.map((file) => [file.index, file]));
  const parts = [
    '<section class="card" aria-labelledby="balance-h"><h2 id="balance-h">Balance</h2>',
  ];
  if (balance.hint !== null) {
    parts.push(`<p class="hint" data-testid="balance-hint">${escapeHtml(balance.hint.text)}</p>`);
  }
  if (balance.longest !== null) {
    const { bar, durationMs, share } = balance.longest;
    const what = barFilesText(bar, (index) => files.get(index));
    parts.push(
      `<p data-testid="longest-task">Longest task: ${escapeHtml(what)}, ${escapeHtml(msText(durationMs))}, ${percentText(share)} of the run (${escapeHtml(msText(balance.spanMs))} from the first task to the last).</p>`,
    );
  }
  if (timeline.droppedBars > 0) {
    parts.push(
      `<p class="muted">The timeline holds the first ${timeline.barCount.toLocaleString('en-US')} tasks; ${timeline.droppedBars.toLocaleString('en-US')} more ran.</p>`,
    );
  }
  parts.push(
    '<table class="balance"><thead><tr><th scope="col">Worker</th><th scope="col">Tasks</th><th scope="col">Data</th><th scope="col">Busy</th><th scope="col">Idle</th><th scope="col">Idle gaps</th><th scope="col">Longest gap</th><th scope="col">Idle at the end</th><th scope="col">Utilization</th></tr></thead><tbody>',
  );
  for (const lane of balance.lanes) {
    const retired = lane.lane.retiredMs === null ? '' : ' (retired)';
    parts.push(
      `<tr data-lane="${lane.lane.id}"><th scope="row">#${lane.lane.workerId}${retired}</th><td>${lane.tasks}</td><td>${bytesText(lane.bytes)}</td><td>${msText(lane.busyMs)}</td><td>${msText(lane.idleMs)}</td><td>${lane.gaps}</td><td>${msText(lane.longestGapMs)}</td><td>${msText(lane.tailIdleMs)}</td><td>${percentText(lane.utilization)}</td></tr>`,
    );
  }
  parts.push('</tbody></table></section>\n');
  return parts.join('');
}

const LEGEND = ['ok', 'failed', 'retried', 'cancelled', 'crashed'] as const;

function timelineSection(timeline: TimelineUpdate): string {
  const legend = LEGEND.map(
    (outcome) =>
      `<span class="legend-item"><span class="swatch o-${outcome}"></span>${outcome}</span>`,
  ).join('');
  return `<section class="card" aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2><p class="legend">${legend}</p><div id="timeline-view" class="timeline-host">${staticTimelineSvg(timeline)}</div><p class="muted js-only">Wheel to zoom, drag to pan, double-click to see it all; click a task to find its file below.</p></section>\n`;
}

interface ErrorGroup {
  key: string;
  count: number;
  kinds: Set<string>;
  examples: ReportFile[];
}

async function errorsSection(input: HtmlReportInput): Promise<string> {
  const groups = new Map<string, ErrorGroup>();
  for await (const result of input.results()) {
    const error = result.errors[0];
    if (statusOf(result) !== 'failed' || error === undefined) continue;
    const key = errorGroupKey(error.message);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, count: 0, kinds: new Set(), examples: [] };
      groups.set(key, group);
    }
    group.count += 1;
    group.kinds.add(error.kind);
    if (group.examples.length < EXAMPLES_PER_GROUP) {
      group.examples.push(reportFileOf(result, input.nameOf(result)));
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  const parts = [
    `<section class="card" aria-labelledby="errors-h" data-testid="error-groups"><h2 id="errors-h">Errors by message</h2>`,
  ];
  if (sorted.length === 0) parts.push('<p class="muted">No file failed.</p>');
  for (const group of sorted.slice(0, MAX_GROUPS)) {
    const kinds = [...group.kinds].join(', ');
    parts.push(
      `<details class="error-group" data-count="${group.count}"><summary><span class="count">${group.count.toLocaleString('en-US')}</span> <span class="kind">${escapeHtml(kinds)}</span> <code>${escapeHtml(group.key)}</code></summary><ul>`,
    );
    for (const file of group.examples) {
      const at = file.error?.line == null ? '' : `${file.error.line}:${file.error.column ?? 0} `;
      parts.push(
        `<li><span class="file-name">${escapeHtml(file.name)}</span> <span class="muted">${escapeHtml(at)}${escapeHtml(file.error?.message ?? '')}</span></li>`,
      );
    }
    if (group.count > group.examples.length) {
      parts.push(`<li class="muted">and ${group.count - group.examples.length} more</li>`);
    }
    parts.push('</ul></details>');
  }
  if (sorted.length > MAX_GROUPS) {
    parts.push(`<p class="muted">and ${sorted.length - MAX_GROUPS} more kinds of error</p>`);
  }
  parts.push('</section>\n');
  return parts.join('');
}

async function* filesSection(
  input: HtmlReportInput,
  summary: ReportSummary,
): AsyncGenerator<string> {
  const shown = Math.min(summary.files, STATIC_ROWS);
  const note =
    summary.files > STATIC_ROWS
      ? `<p class="muted no-js-only">Without JavaScript this table lists the first ${STATIC_ROWS.toLocaleString('en-US')} of ${summary.files.toLocaleString('en-US')} files; every failed one is under Errors above.</p>`
      : '';
  yield `<section class="card" aria-labelledby="files-h"><h2 id="files-h">Files</h2>${note}<div id="files-view"><table class="files" data-testid="files-table" data-rows="${shown}"><thead><tr><th scope="col">#</th><th scope="col">File</th><th scope="col">Status</th><th scope="col">Size</th><th scope="col">Time</th><th scope="col">Worker</th><th scope="col">Attempts</th><th scope="col">First error</th></tr></thead><tbody>\n`;
  let rows = 0;
  let pending: string[] = [];
  for await (const result of input.results()) {
    if (rows >= STATIC_ROWS) break;
    pending.push(fileRow(reportFileOf(result, input.nameOf(result))));
    rows += 1;
    if (pending.length >= 500) {
      yield pending.join('');
      pending = [];
    }
  }
  yield `${pending.join('')}</tbody></table></div></section>\n`;
}

function fileRow(file: ReportFile): string {
  const error = file.error;
  const at = error?.line == null ? '' : `${error.line}:${error.column ?? 0} `;
  return `<tr data-status="${file.status}"><td>${file.index + 1}</td><td class="file-name">${escapeHtml(file.name)}</td><td><span class="badge s-${file.status}">${file.status}</span></td><td>${bytesText(file.bytes)}</td><td>${msText(file.durationMs)}</td><td>${file.workerId === null ? '—' : `#${file.workerId}`}</td><td>${file.attempts}</td><td class="error">${escapeHtml(`${at}${error?.message ?? ''}`)}</td></tr>\n`;
}

async function* dataBlock(input: HtmlReportInput): AsyncGenerator<string> {
  yield `<script type="application/json" id="${REPORT_DATA_ID}">{"summary":${jsonForScript(input.summary)},"timeline":${jsonForScript(input.timeline)},"files":[`;
  let first = true;
  let pending: string[] = [];
  for await (const result of input.results()) {
    pending.push(`${first ? '' : ','}${jsonForScript(reportFileOf(result, input.nameOf(result)))}`);
    first = false;
    if (pending.length >= 1000) {
      yield pending.join('');
      pending = [];
    }
  }
  yield `${pending.join('')}]}</script>\n`;
}
