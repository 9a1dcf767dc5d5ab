/**
 * The timeline end to end, in browser mode: a run shrunk from two workers to one keeps both
 * lanes (the retired one marked), its bars match the results, hover names a file and a click
 * selects its result; the exported HTML report reads with JavaScript off and comes alive with it
 * on. Every wait is on an event of the page, never on time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { GATE_FILE_NAME } from '../src/engine/pool/test-faults';
import type { FileResult } from '../src/shared/results';
import type { TimelineBar, TimelineUpdate } from '../src/shared/timeline';
import { HANGING_FILE } from './support/corpus';
import { expect, test } from './support/fixtures';
import {
  addFolder,
  chooseTask,
  countOf,
  download,
  openApp,
  saveScreenshot,
  setWorkers,
} from './support/ui';

/** The canvas layout (src/timeline-view/timeline-canvas.ts), to point at a bar. */
const LAYOUT = { labelWidth: 72, axisHeight: 20, rowHeight: 22, rightPad: 4 };

/** Calls the server as the page does (same origin, the session cookie). */
async function rpc<T>(page: Page, method: string): Promise<T> {
  const value = await page.evaluate(async (name) => {
    const answer = await fetch(`/api/rpc/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[]',
    });
    const body = (await answer.json()) as { value: unknown };
    return body.value;
  }, method);
  // The server's own answer, in a test: its shape is what the test then checks.
  return value as T;
}

/** Where a bar's middle is on the page, from the canvas's visible span. */
async function pointAt(
  page: Page,
  bar: TimelineBar,
  row: number,
): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId('timeline-canvas');
  const box = await canvas.boundingBox();
  const from = Number(await canvas.getAttribute('data-view-from'));
  const to = Number(await canvas.getAttribute('data-view-to'));
  if (box === null) throw new Error('the timeline is not visible');
  const plot = box.width - LAYOUT.labelWidth - LAYOUT.rightPad;
  const middle = (bar.startMs + (bar.endMs ?? bar.startMs)) / 2;
  return {
    x: box.x + LAYOUT.labelWidth + ((middle - from) / (to - from)) * plot,
    y: box.y + LAYOUT.axisHeight + row * LAYOUT.rowHeight + LAYOUT.rowHeight / 2,
  };
}

/**
 * 24 files of ~1.5 MB, and one that hangs its worker, dispatched last; before them (the largest
 * go first), two of ~5 MB that wait for the test to open their gate (`__gate__`, a test fault),
 * so both workers are busy when the test shrinks the pool, however fast the machine.
 */
function writeCorpus(): string {
  const folder = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-timeline-'));
  const record = (i: number) =>
    `  <record id="${i}"><name>Item ${i}</name><v>${i * 7}</v></record>\n`;
  const body = Array.from({ length: 24_000 }, (_, i) => record(i)).join('');
  for (let i = 1; i <= 24; i++) {
    writeFileSync(
      join(folder, `part-${String(i).padStart(2, '0')}.xml`),
      `<records>\n${body}</records>\n`,
    );
  }
  for (const name of ['big-a__gate__.xml', 'big-b__gate__.xml']) {
    writeFileSync(join(folder, name), `<records>\n${body.repeat(4)}</records>\n`);
  }
  writeFileSync(join(folder, HANGING_FILE), '<r/>');
  return folder;
}

test('keeps both lanes of a run shrunk from 2 workers to 1; hover names a file, a click selects its result', async ({
  page,
  app,
}) => {
  const folder = writeCorpus();
  try {
    const errors = await openApp(page, app);
    await addFolder(page, folder);
    await expect(page.getByTestId('input-count')).toHaveText(/^27 files/, { timeout: 60_000 });
    await chooseTask(page, 'Validate');
    await setWorkers(page, 2);
    await page.getByRole('button', { name: 'Start' }).click();

    const busy = page.locator('[data-testid="worker-lane"][data-state="busy"]');
    await expect(busy).toHaveCount(2, { timeout: 30_000 });
    await setWorkers(page, 1);
    writeFileSync(join(app.tempDir, GATE_FILE_NAME), '');
    // The retired worker's lane stays on the timeline, marked.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByTestId('timeline-canvas')).toHaveAttribute(
      'aria-label',
      /1 retired/,
      {
        timeout: 30_000,
      },
    );
    // The last worker finishes the files and hangs on the last one: then cancel.
    await expect.poll(() => countOf(page, 'ok-count'), { timeout: 120_000 }).toBe(26);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('job-state')).toHaveText(/cancelled/i, { timeout: 30_000 });

    const whole = await rpc<TimelineUpdate>(page, 'getTimeline');
    const results = await rpc<FileResult[]>(page, 'getResults');
    // Whichever worker finished its task first was retired; its lane is kept.
    expect(whole.lanes.map((lane) => lane.workerId).sort()).toEqual([1, 2]);
    expect(whole.lanes.filter((lane) => lane.retiredMs !== null)).toHaveLength(1);
    // Bars match the results: every file a worker finished is in a bar on that worker's lane.
    for (const result of results.filter((r) => r.workerId !== null)) {
      const bar = whole.bars.find((candidate) => candidate.files.includes(result.index));
      expect(whole.lanes[bar?.lane ?? -1]?.workerId).toBe(result.workerId);
    }
    const canvas = timeline.getByTestId('timeline-canvas');
    await expect(canvas).toHaveAttribute('data-bars', String(whole.bars.length));
    await expect(canvas).toHaveAttribute('data-lanes', '2');
    await expect(timeline.getByTestId('balance-summary')).toContainText('retired');
    await saveScreenshot(page, 'timeline');

    // The summary's text changes as a run goes (a hint comes, a longer name wraps): the results
    // below stay where they are. A long paragraph stands in for such a change.
    // (A string, as the e2e code is typed without the DOM.)
    const resultsRegion = page.getByRole('region', { name: 'Results' });
    const resultsAt = (await resultsRegion.boundingBox())?.y;
    await page.evaluate(`(() => {
      const text = document.createElement('p');
      text.id = 'stand-in';
      text.textContent = 'One file took most of the run. '.repeat(20);
      document.querySelector('[data-testid="balance-summary"]').prepend(text);
    })()`);
    expect((await resultsRegion.boundingBox())?.y).toBe(resultsAt);
    await page.evaluate(`document.getElementById('stand-in').remove()`);

    // Hover the longest finished task of the retired lane: the tooltip names its first file.
    const retiredLane = whole.lanes.findIndex((lane) => lane.retiredMs !== null);
    const bars = whole.bars.filter((bar) => bar.lane === retiredLane && bar.outcome === 'ok');
    const bar = bars.sort((a, b) => (b.endMs ?? 0) - b.startMs - ((a.endMs ?? 0) - a.startMs))[0];
    if (bar === undefined) throw new Error('the retired lane has no finished task');
    const first = whole.files.find((file) => file.index === bar.files[0]);
    const name = first?.relative.split('/').at(-1) ?? '?';
    const point = await pointAt(page, bar, retiredLane);
    await page.mouse.move(point.x, point.y);
    const tooltip = timeline.getByTestId('timeline-tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText(name);
    await expect(tooltip).toContainText('MB/s');

    // A click selects that file's result: the details show it.
    await page.mouse.click(point.x, point.y);
    await expect(page.getByTestId('details')).toContainText(name);
    expect(errors).toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('exports an HTML report that reads without JavaScript and comes alive with it', async ({
  page,
  app,
  corpus,
  browser,
}) => {
  await openApp(page, app);
  await addFolder(page, corpus.folder);
  const total = corpus.folderFiles.length;
  await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${total} files`));
  await setWorkers(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  const whole = await rpc<TimelineUpdate>(page, 'getTimeline');

  const report = await download(page, 'Export HTML report');
  expect(report.name).toMatch(/^xmlpool-report-.*\.html$/);
  const dir = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-report-'));
  try {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, report.name);
    writeFileSync(path, report.body);
    const url = pathToFileURL(path).href;

    // JavaScript off: the server-rendered summary, static timeline and table.
    const still = await browser.newContext({ javaScriptEnabled: false });
    const plain = await still.newPage();
    await plain.goto(url);
    await expect(plain.locator('[data-stat="files"] dd')).toHaveText(String(total));
    await expect(plain.locator('[data-stat="ok"] dd')).toHaveText(String(total));
    const svg = plain.locator('svg.static-timeline');
    await expect(svg).toHaveAttribute('data-bars', String(whole.bars.length));
    await expect(svg.locator('g.lane')).toHaveCount(whole.lanes.length);
    await expect(plain.getByTestId('files-table').locator('tbody tr')).toHaveCount(total);
    await expect(plain.getByTestId('timeline-canvas')).toHaveCount(0);
    await still.close();

    // JavaScript on: the canvas timeline, the charts and the paged table, with no CSP error.
    const live = await browser.newContext();
    const alive = await live.newPage();
    const problems: string[] = [];
    alive.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    alive.on('pageerror', (error) => problems.push(error.message));
    await alive.goto(url);
    const canvas = alive.getByTestId('timeline-canvas');
    await expect(canvas).toHaveAttribute('data-bars', String(whole.bars.length));
    await expect(canvas).toHaveAttribute('data-lanes', String(whole.lanes.length));
    await expect(alive.locator('svg.static-timeline')).toHaveCount(0);
    await expect(alive.getByTestId('throughput-chart').locator('canvas')).toHaveCount(1);
    await expect(alive.getByTestId('utilization-chart').locator('canvas')).toHaveCount(1);
    const rows = alive.getByTestId('files-table').locator('tbody tr');
    await expect(rows).toHaveCount(total);
    const last = corpus.folderFiles.at(-1) ?? '';
    await alive.getByLabel('Filter files').fill(last.split('/').at(-1) ?? '');
    await expect(rows).toHaveCount(1);
    // Hover a task: its tooltip.
    const bar = whole.bars[0];
    if (bar === undefined) throw new Error('no task in the timeline');
    const row = whole.lanes.findIndex((lane) => lane.id === bar.lane);
    const point = await pointAt(alive, bar, row);
    await alive.mouse.move(point.x, point.y);
    await expect(alive.getByTestId('timeline-tooltip')).toBeVisible();
    await saveScreenshot(alive, 'report');
    expect(problems).toEqual([]);
    await live.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
