import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startScimmyServer, type ScimmyServer } from '../test/support/scimmy-server';
import { expect, test, type Page } from './fixtures';

// A busy server: SCIMMY behind a proxy that answers the Users listing 503 with a long Retry-After
// (and adds SCIMMY's token, so the connection itself needs no credential).
const TOKEN = 'e2e-retrying-token';
let scimmy: ScimmyServer;
let proxy: Server;
let proxyBase: string;
let busyAnswers = 0;
/** How many listings are answered 503, and the Retry-After they carry. */
let busy = { times: Infinity, retryAfter: '30' };

test.beforeEach(async () => {
  scimmy = await startScimmyServer({ token: TOKEN, users: 5 });
  const upstream = new URL(scimmy.baseUrl);
  busyAnswers = 0;
  busy = { times: Infinity, retryAfter: '30' };
  proxy = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (req.method === 'GET' && url.pathname.endsWith('/Users') && url.searchParams.get('count') !== '1' && busyAnswers < busy.times) {
      busyAnswers++;
      res.writeHead(503, { 'content-type': 'application/scim+json', 'retry-after': busy.retryAfter });
      return void res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: 'Busy, come back later' }));
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host, authorization: `Bearer ${TOKEN}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${upstream.pathname}`;
});
test.afterEach(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await scimmy.close();
});

async function addBusyConnection(page: Page): Promise<void> {
  const created = await page.evaluate(async (baseUrl) => {
    const response = await fetch('/api/call/connections.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { settings: { name: 'Busy', baseUrl, auth: { type: 'none' }, proxy: { mode: 'none' }, timeoutMs: 5000 } } }),
    });
    return (await response.json()) as { ok: boolean };
  }, proxyBase);
  expect(created.ok).toBe(true);
}

test('a request main is retrying shows "Retrying 2 of 4 in … s" in the status bar, and Cancel stops it there and on the screen', async ({ app, page }) => {
  await addBusyConnection(page);
  await app.selectConnection('Busy');
  await app.goTo('users');

  const retrying = app.statusBar.getByTestId('status-retrying');
  await expect(retrying).toContainText(/Retrying 2 of 4 in (30|29|28|27|26|25) s \(HTTP 503\)/);
  await expect(retrying).toHaveAttribute('data-state', 'waiting');
  await expect(app.statusBar.getByRole('status')).toHaveText(/Retrying 2 of 4 in 30 s \(HTTP 503\)/);
  await expect(app.users.root).toHaveAttribute('data-state', 'loading');

  // Keyboard-reachable, named for what it cancels.
  const cancel = app.statusBar.getByRole('button', { name: 'Cancel the retried request' });
  await cancel.focus();
  await page.keyboard.press('Enter');

  await expect(app.users.root).toHaveAttribute('data-state', 'cancelled');
  await expect(app.users.root.getByTestId('browser-cancelled')).toContainText('Listing the users was cancelled.');
  await expect(retrying).toBeHidden();
  await expect(app.statusBar.getByRole('status')).toHaveText('');
  // The one 503 was all: the second attempt was never sent.
  expect(busyAnswers).toBe(1);
});

test('a retry that succeeds leaves no "Retrying" behind: the list loads and the status bar clears', async ({ app, page }) => {
  busy = { times: 1, retryAfter: '2' };
  await addBusyConnection(page);
  await app.selectConnection('Busy');
  await app.goTo('users');

  const retrying = app.statusBar.getByTestId('status-retrying');
  await expect(retrying).toContainText('Retrying 2 of 4');
  await expect(app.userBrowser.root).toHaveAttribute('data-state', 'ready');
  await expect(app.userBrowser.rows).toHaveCount(5);
  await expect(retrying).toBeHidden();
  await expect(app.statusBar.getByRole('status')).toHaveText('');
  expect(busyAnswers).toBe(1);
});
