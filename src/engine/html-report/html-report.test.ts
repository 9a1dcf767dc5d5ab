/**
 * The HTML report's text, on its own (the e2e test opens a real one in Chromium): hostile file
 * names stay text, the embedded data reads back, and the CSP allows exactly the inline script.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isReportData } from '../../shared/report-data';
import type { FileResult } from '../../shared/results';
import type { TimelineUpdate } from '../../shared/timeline';
import { htmlReport } from './html-report';

const hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>.xml';

function result(index: number, name: string, ok: boolean): FileResult {
  return {
    file: `/d/${name}`,
    relative: name,
    index,
    task: 'validate',
    ok,
    bytes: 10,
    elements: 1,
    errorMode: 'first-fatal',
    errors: ok
      ? []
      : [
          {
            kind: 'syntax',
            line: 2,
            column: 3,
            offset: 5,
            message: '</a> does not close <b> opened at 2:3',
          },
        ],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
  };
}

const timeline: TimelineUpdate = {
  jobId: 'j',
  full: true,
  task: 'validate',
  startedAt: 0,
  elapsedMs: 20,
  finished: true,
  rowTag: null,
  splitMinBytes: 16 * 1024 * 1024,
  barCount: 1,
  droppedBars: 0,
  lanes: [{ id: 0, workerId: 1, startMs: 0, retiredMs: null }],
  bars: [
    {
      id: 0,
      lane: 0,
      startMs: 1,
      endMs: 19,
      outcome: 'failed',
      attempt: 1,
      bytes: 20,
      files: [0, 1],
      chunk: null,
      fault: null,
    },
  ],
  files: [
    { index: 0, path: '/d/a.xml', relative: 'a.xml', size: 10 },
    { index: 1, path: `/d/${hostile}`, relative: hostile, size: 10 },
  ],
};

async function render(): Promise<string> {
  const results = [result(0, 'a.xml', true), result(1, hostile, false)];
  const pieces: string[] = [];
  for await (const piece of htmlReport({
    summary: {
      task: 'validate',
      state: 'done',
      files: 2,
      ok: 1,
      failed: 1,
      cancelled: 0,
      bytes: 20,
      elapsedMs: 20,
      startedAt: 0,
      workers: 1,
      backend: 'thread',
      rowTag: null,
      version: 'test',
    },
    timeline,
    results: async function* () {
      yield* results;
    },
    nameOf: (r) => r.relative ?? r.file,
    assets: {
      script: 'document.documentElement.dataset.ran = "yes";',
      style: 'body { margin: 0 }',
    },
  })) {
    pieces.push(piece);
  }
  return pieces.join('');
}

describe('htmlReport', () => {
  it('keeps hostile file names as text, everywhere', async () => {
    const page = await render();
    // Exactly two script elements: the data block and the app.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.includes('<img')).toBe(false);
    expect(page.includes('&lt;/script&gt;&lt;script&gt;alert(1)')).toBe(true);
  });

  it('embeds data that reads back whole', async () => {
    const page = await render();
    const json =
      /<script type="application\/json" id="xmlpool-report-data">(.*?)<\/script>/s.exec(
        page,
      )?.[1] ?? '';
    const data: unknown = JSON.parse(json);
    expect(isReportData(data)).toBe(true);
    if (!isReportData(data)) return;
    expect(data.files.map((file) => file.name)).toEqual(['a.xml', hostile]);
    expect(data.timeline.files[1]?.relative).toBe(hostile);
  });

  it('allows by hash exactly its inline script and style, and nothing from the network', async () => {
    const page = await render();
    const csp =
      /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? '';
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    expect(csp).toContain(
      `script-src 'sha256-${hash('document.documentElement.dataset.ran = "yes";')}'`,
    );
    expect(csp).toContain(`style-src 'sha256-${hash('body { margin: 0 }')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(/\s(src|href)="https?:/.test(page)).toBe(false);
  });

  it('groups errors by message and lists the failed file under its group', async () => {
    const page = await render();
    expect(page.includes('<code>&lt;/…&gt; does not close &lt;…&gt; opened at N:N</code>')).toBe(
      true,
    );
    expect(page.includes('data-count="1"')).toBe(true);
  });
});
