/**
 * Renderer long tasks (> 50 ms) during a run with 10,000 inputs listed, in browser mode.
 *
 * Starts `node bin/xmlpool.js serve --port 0 --no-open` as a user would, opens the printed URL in
 * the system Chromium through Playwright, uploads 10,000 small XML files from the page through
 * the browser-mode API and adds them as one folder, reloads the page so the renderer lists them,
 * then starts a validate run on 2 workers and waits for it to finish. A PerformanceObserver
 * installed before the app loads records every 'longtask' entry; those that start between the
 * click on Start and the "done" state are the ones counted. Long tasks while the page loads and
 * lists the 10,000 inputs are reported too, for information.
 *
 * Usage: node bench/longtasks.mjs [--temp DIR] [--inputs N]
 * Prints one JSON line: { longTasks, longestMs, listingLongTasks, listingLongestMs, runMs, inputs }
 * or { unavailable: reason }.
 *
 * With --timeline-tasks N it measures the timeline's renderer instead, with N tasks: it writes
 * the HTML report of a made-up run of N tasks (bench/synthetic-timeline.mjs; the report draws
 * with the same canvas module as the app, src/timeline-view), opens it in the same Chromium,
 * and zooms, pans and hovers the timeline: 12 wheel zooms in, 12 drags, 60 pointer moves over
 * the lanes, 12 zooms out and a double-click, each followed by its frame. Long tasks from the
 * first wheel to the last frame count; those while the page loads (parsing N tasks' data) are
 * reported for information. Needs `npm run build` and the bench's engine bundle (out/bench).
 * Prints { longTasks, longestMs, loadLongTasks, loadLongestMs, tasks } or { unavailable }.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { syntheticRun } from './synthetic-timeline.mjs';

const DEFAULT_INPUTS = 10_000;
const WORKERS = 2;
let inputCount = DEFAULT_INPUTS;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];
const ROOT = join(import.meta.dirname, '..');

/** Runs in the page before the app: records every long task with its start time. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Runs in the page: uploads `count` small XML files (a few KB each, deterministic) through the
 * browser-mode upload endpoint, 16 at a time, as one folder, and adds that folder. Same origin,
 * so the session cookie goes along.
 */
const UPLOAD_AND_ADD = `async (count) => {
  const batch = 'bench' + Math.random().toString(16).slice(2, 12);
  let next = 0;
  let root = '';
  const body = (i) => {
    let xml = '<?xml version="1.0" encoding="UTF-8"?>\\n<items file="' + i + '">\\n';
    for (let j = 0; j < 40; j++) {
      xml += '  <item id="' + j + '" price="' + ((i * 31 + j * 7) % 997) + '.50">Grüße &amp; item ' + j + ' of file ' + i + '</item>\\n';
    }
    return xml + '</items>\\n';
  };
  const uploader = async () => {
    while (next < count) {
      const i = next++;
      const path = 'inputs/input-' + String(i).padStart(5, '0') + '.xml';
      const answer = await fetch('/api/upload?' + new URLSearchParams({ batch, path }), { method: 'PUT', body: body(i) });
      if (!answer.ok) throw new Error('upload ' + path + ': ' + answer.status + ' ' + (await answer.text()));
      root = (await answer.json()).root;
    }
  };
  await Promise.all(Array.from({ length: 16 }, uploader));
  const added = await fetch('/api/rpc/addPaths', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([[root]]),
  });
  if (!added.ok) throw new Error('addPaths: ' + added.status + ' ' + (await added.text()));
  return (await added.json());
}`;

/**
 * @param {string} tempDir
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startServe(tempDir) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'xmlpool.js'), 'serve', '--port', '0', '--no-open'],
    {
      env: { ...process.env, TMPDIR: tempDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL: ${stderr.trim()}`)),
      30_000,
    );
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n')[0] ?? '';
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        if (line.startsWith('http://')) resolve(line.trim());
        else reject(new Error(`unexpected first line from serve: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The one line a run prints when the browser part fails. @param {unknown} error */
function browserRunFailed(error) {
  console.log(
    JSON.stringify({
      unavailable: `browser run failed: ${String(error).split('\n')[0]?.slice(0, 200)}`,
    }),
  );
}

/** @param {{ start: number, duration: number }[]} tasks @param {number} from @param {number} to */
function within(tasks, from, to) {
  const selected = tasks.filter((t) => t.start >= from && t.start <= to);
  return {
    count: selected.length,
    longestMs: Math.round(Math.max(0, ...selected.map((t) => t.duration))),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      temp: { type: 'string' },
      inputs: { type: 'string' },
      'timeline-tasks': { type: 'string' },
    },
  });
  inputCount = Number(values.inputs ?? DEFAULT_INPUTS);
  const tempDir = mkdtempSync(join(values.temp ?? tmpdir(), 'xmlpool-bench-longtasks-'));
  try {
    if (values['timeline-tasks'] === undefined) await measure(tempDir);
    else await measureTimeline(tempDir, Number(values['timeline-tasks']));
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/** @param {string} tempDir */
async function measure(tempDir) {
  let server;
  try {
    server = await startServe(tempDir);
  } catch (error) {
    console.log(
      JSON.stringify({
        unavailable: `xmlpool serve does not start: ${String(error).slice(0, 200)}`,
      }),
    );
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start' }).waitFor({ timeout: 30_000 });

    // Adding 10,000 files by a synthetic drop uploads them one at a time through the UI, which
    // takes minutes here; the bench uploads them from the page and reloads it, so the renderer
    // lists all of them from the server (what it does on every load).
    await page.evaluate(`(${UPLOAD_AND_ADD})(${inputCount})`);
    await page.reload();
    const listingStart = await page.evaluate('performance.now()');
    await page.waitForFunction(
      (expected) => {
        const text = document.querySelector('[data-testid="input-count"]')?.textContent ?? '';
        return Number(/^([\d,.\s]+) files?/.exec(text)?.[1]?.replace(/\D/g, '')) === expected;
      },
      inputCount,
      { timeout: 120_000, polling: 100 },
    );
    const listingEnd = await page.evaluate('performance.now()');

    await page.getByLabel('Workers').fill(String(WORKERS));
    const runStart = await page.evaluate('performance.now()');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('job-state').filter({ hasText: /done/i }).waitFor({ timeout: 300_000 });
    const runEnd = await page.evaluate('performance.now()');

    /** @type {{ start: number, duration: number }[]} */
    const tasks = /** @type {never} */ (await page.evaluate('window.__longTasks'));
    const run = within(tasks, runStart, runEnd);
    const listing = within(tasks, listingStart, listingEnd);
    console.log(
      JSON.stringify({
        longTasks: run.count,
        longestMs: run.longestMs,
        listingLongTasks: listing.count,
        listingLongestMs: listing.longestMs,
        runMs: Math.round(Number(runEnd) - Number(runStart)),
        listingMs: Math.round(Number(listingEnd) - Number(listingStart)),
        inputs: inputCount,
        note:
          `run ${((Number(runEnd) - Number(runStart)) / 1000).toFixed(1)} s on ${WORKERS} workers, longest ${run.longestMs} ms; ` +
          `while loading the list of ${inputCount} files: ${listing.count} long tasks, longest ${listing.longestMs} ms`,
      }),
    );
  } catch (error) {
    browserRunFailed(error);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Waits until the page has drawn a frame (and run what the last event scheduled). */
const NEXT_FRAME = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

/** @param {string} tempDir @param {number} tasks */
async function measureTimeline(tempDir, tasks) {
  const bundle = join(ROOT, 'out', 'bench');
  let writeHtmlReport;
  let readReportAssets;
  try {
    ({ writeHtmlReport } = await import(pathToFileURL(join(bundle, 'html-report.js')).href));
    ({ readReportAssets } = await import(pathToFileURL(join(bundle, 'report-assets.js')).href));
  } catch (error) {
    console.log(
      JSON.stringify({
        unavailable: `no engine bundle (out/bench): ${String(error).slice(0, 120)}`,
      }),
    );
    return;
  }
  const { timeline, results } = syntheticRun(tasks);
  const page = join(tempDir, 'timeline.html');
  await writeHtmlReport(
    {
      summary: {
        task: 'validate',
        state: 'done',
        files: results.length,
        ok: results.filter((r) => r.ok).length,
        failed: results.filter((r) => !r.ok).length,
        cancelled: 0,
        bytes: results.reduce((sum, r) => sum + r.bytes, 0),
        elapsedMs: timeline.elapsedMs,
        startedAt: timeline.startedAt,
        workers: 4,
        backend: 'thread',
        rowTag: null,
        version: 'bench',
      },
      timeline,
      results: async function* () {
        yield* results;
      },
      nameOf: (/** @type {{ relative: string }} */ result) => result.relative,
      assets: await readReportAssets(join(ROOT, 'out', 'cli')),
    },
    page,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await tab.addInitScript(OBSERVE_LONG_TASKS);
    await tab.goto(pathToFileURL(page).href);
    const canvas = tab.getByTestId('timeline-canvas');
    await canvas.waitFor({ timeout: 120_000 });
    await tab.waitForFunction(
      (count) =>
        document.querySelector('[data-testid="timeline-canvas"]')?.getAttribute('data-bars') ===
        String(count),
      tasks,
      { timeout: 120_000 },
    );
    await canvas.scrollIntoViewIfNeeded();
    await tab.evaluate(NEXT_FRAME);
    const loaded = await tab.evaluate('performance.now()');
    const box = await canvas.boundingBox();
    if (box === null) throw new Error('the timeline canvas is not visible');
    const middle = { x: box.x + box.width * 0.6, y: box.y + box.height / 2 };
    const start = await tab.evaluate('performance.now()');
    await tab.mouse.move(middle.x, middle.y);
    for (let i = 0; i < 12; i++) {
      await tab.mouse.wheel(0, -240);
      await tab.evaluate(NEXT_FRAME);
    }
    for (let i = 0; i < 12; i++) {
      await tab.mouse.move(middle.x, middle.y);
      await tab.mouse.down();
      await tab.mouse.move(middle.x - 150, middle.y, { steps: 4 });
      await tab.mouse.up();
      await tab.evaluate(NEXT_FRAME);
    }
    for (let i = 0; i < 60; i++) {
      const x = box.x + 80 + ((box.width - 90) * i) / 60;
      const y = box.y + 24 + ((i % 4) + 0.5) * 22;
      await tab.mouse.move(x, y);
      await tab.evaluate(NEXT_FRAME);
    }
    for (let i = 0; i < 12; i++) {
      await tab.mouse.move(middle.x, middle.y);
      await tab.mouse.wheel(0, 240);
      await tab.evaluate(NEXT_FRAME);
    }
    await tab.mouse.dblclick(middle.x, middle.y);
    await tab.evaluate(NEXT_FRAME);
    const end = await tab.evaluate('performance.now()');
    /** @type {{ start: number, duration: number }[]} */
    const longTasks = /** @type {never} */ (await tab.evaluate('window.__longTasks'));
    const interacting = within(longTasks, Number(start), Number(end));
    const loading = within(longTasks, 0, Number(loaded));
    console.log(
      JSON.stringify({
        longTasks: interacting.count,
        longestMs: interacting.longestMs,
        loadLongTasks: loading.count,
        loadLongestMs: loading.longestMs,
        tasks,
        note:
          `zoom, pan and hover over ${tasks.toLocaleString('en-US')} tasks: longest ${interacting.longestMs} ms; ` +
          `loading the report: ${loading.count} long tasks, longest ${loading.longestMs} ms`,
      }),
    );
  } catch (error) {
    browserRunFailed(error);
  } finally {
    await browser.close();
  }
}

await main();
