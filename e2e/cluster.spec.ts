/**
 * The Cluster (NATS) backend in Chromium: a real nats-server on 127.0.0.1 and two loopback
 * `xmlpool worker` processes, the app in browser mode. A job runs on them, each worker gets a
 * lane named by its host, and the results are all there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  type NatsServer,
  startNats,
  startXmlpool,
  type Watched,
} from '../test/cluster/nats-processes';
import { expect, test } from './support/fixtures';
import { addFolder, countOf, openApp, saveScreenshot } from './support/ui';

const XMLPOOL_BIN = join(import.meta.dirname, '..', 'bin', 'xmlpool.js');

let dir = '';
let nats: NatsServer;
let workers: Watched[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-cluster-'));
  nats = await startNats(join(dir, 'store'));
  workers = ['w1', 'w2'].map((name) =>
    startXmlpool(XMLPOOL_BIN, ['worker', '--nats', nats.url, '--workers', '1', '--name', name], {
      XMLPOOL_TEST_FAULTS: '1',
    }),
  );
  await Promise.all(workers.map((worker) => worker.waitFor(/waiting for jobs/)));
});

test.afterAll(async () => {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function catalog(id: number): string {
  const books = Array.from(
    { length: 5 },
    (_, i) => `<book id="${id}-${i}"><title>T${i}</title></book>`,
  );
  return `<?xml version="1.0"?>\n<catalog>${books.join('')}</catalog>\n`;
}

function folderOf(name: string, files: number, extra: Record<string, string> = {}): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(folder, `doc-${i}.xml`), catalog(i));
  for (const [file, content] of Object.entries(extra)) writeFileSync(join(folder, file), content);
  return folder;
}

async function chooseCluster(page: Page): Promise<void> {
  await page
    .getByRole('radiogroup', { name: 'Backend' })
    .getByRole('radio', { name: 'Cluster (NATS)' })
    .check();
  await page.getByLabel('NATS server').fill(nats.url);
}

test('runs a job on loopback workers through NATS and shows one lane per worker host', async ({
  page,
  app,
}) => {
  const errors = await openApp(page, app);
  await addFolder(page, folderOf('shelf', 12));
  await expect(page.getByTestId('input-count')).toHaveText(/^12 files/);
  await chooseCluster(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 60_000 });
  expect(await countOf(page, 'ok-count')).toBe(12);
  await expect(page.getByRole('region', { name: 'Results' }).getByTestId('result-row')).toHaveCount(
    12,
  );
  const lanes = page.getByTestId('worker-lane');
  await expect(lanes.first()).toHaveAttribute('data-host', /^w[12]$/);

  // A file that keeps a worker busy holds the next job open until both workers' lanes are up.
  await addFolder(page, folderOf('held', 4, { '__hang__.xml': '<r/>' }));
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('[data-testid="worker-lane"][data-host="w1"]')).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.locator('[data-testid="worker-lane"][data-host="w2"]')).toBeVisible();
  await expect(page.locator('[data-testid="worker-lane"][data-state="busy"]')).toHaveCount(1, {
    timeout: 60_000,
  });
  await expect(page.locator('.lane-host', { hasText: 'w1' })).toBeVisible();
  await saveScreenshot(page, 'cluster-lanes');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/cancelled/i, { timeout: 60_000 });
  expect(errors).toEqual([]);
});
