/**
 * The browser client reopens the events WebSocket when it drops and catches up: a job whose
 * start the page missed still shows its results and final state.
 */
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { dropFiles, openApp } from './support/ui';

test('the events socket reconnects after it drops and the job still completes on screen', async ({
  page,
  app,
  corpus,
}) => {
  const connections: WebSocketRoute[] = [];
  // Every events socket goes through this route to the real server; the first one is cut.
  await page.routeWebSocket(/\/api\/events$/, (socket) => {
    connections.push(socket);
    socket.connectToServer();
  });
  await openApp(page, app);
  await dropFiles(page, corpus.dropped);
  await expect.poll(() => connections.length).toBeGreaterThanOrEqual(1);
  await connections[0]?.close({ code: 1012, reason: 'test cuts the connection' });

  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => connections.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByTestId('result-row')).toHaveCount(corpus.dropped.length);
  await expect(
    results.locator(`[data-testid="result-row"][data-file$="${corpus.malformed.name}"]`),
  ).toHaveAttribute('data-status', 'failed');
});
