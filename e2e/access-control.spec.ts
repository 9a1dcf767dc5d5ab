/**
 * `xmlpool serve` refuses anyone without the per-run token, refuses WebSockets from other
 * origins, and removes its session folder on exit.
 */
import { readdirSync } from 'node:fs';
import { WebSocket } from 'ws';
import { expect, test } from './support/fixtures';
import { dropFiles, openApp } from './support/ui';

function handshake(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
}

test('without the token every request is refused', async ({ page, app, request }) => {
  expect((await request.get(`${app.origin}/`)).status()).toBe(401);
  expect((await request.get(`${app.origin}/?token=not-the-token`)).status()).toBe(401);
  expect((await request.post(`${app.origin}/api/rpc/listInputs`, { data: [] })).status()).toBe(401);
  const response = await page.goto(`${app.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('button', { name: 'Start' })).toHaveCount(0);
});

test('the token becomes an HttpOnly SameSite=Strict cookie and leaves the address bar', async ({
  page,
  app,
  context,
}) => {
  await openApp(page, app);
  const cookie = (await context.cookies()).find((c) => c.name === `xmlpool_token_${app.port}`);
  expect(cookie?.value).toBe(app.token);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
  expect(cookie?.path).toBe('/');
  const inPage = await page.evaluate<string>('document.cookie');
  expect(inPage).not.toContain(app.token);
});

test('a WebSocket handshake needs the token and the server own origin', async ({ app }) => {
  const events = `ws://127.0.0.1:${app.port}/api/events`;
  const cookie = `xmlpool_token_${app.port}=${app.token}`;
  expect(await handshake(events, { Origin: app.origin })).toBe(401);
  expect(await handshake(events, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
  expect(await handshake(events, { Origin: app.origin, Cookie: cookie })).toBe(101);
});

test('uploads land in a session folder that is removed on exit', async ({ page, app, corpus }) => {
  await openApp(page, app);
  await dropFiles(page, corpus.dropped.slice(0, 1));
  await expect(page.getByTestId('input-row')).toHaveCount(1);
  expect(readdirSync(app.tempDir).filter((name) => name.startsWith('xmlpool-serve-'))).toHaveLength(
    1,
  );
  expect(await app.stop()).toBe(0);
  expect(readdirSync(app.tempDir)).toEqual([]);
});
