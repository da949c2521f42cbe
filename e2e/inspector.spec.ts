import { readFile, rm } from 'node:fs/promises';
import { expect, openWithoutPicker, startShell, test, type WebShellProcess } from './fixtures';
import { AppPage } from './pages/app-page';
import { InspectorPage } from './pages/inspector-page';

interface HarFile {
  log: {
    version: string;
    creator: { name: string; version: string };
    entries: {
      startedDateTime: string;
      time: number;
      request: { method: string; url: string; headers: { name: string; value: string }[]; queryString: unknown[]; bodySize: number };
      response: { status: number; content: { size: number; mimeType: string; text?: string } };
      timings: { send: number; wait: number; receive: number };
    }[];
  };
}

test('lists the app’s requests live, filters, shows one redacted, copies it as curl with a placeholder, exports HAR, diffs two, clears', async ({
  page,
  shell,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shell.origin });
  const app = await openWithoutPicker(page, shell);
  await app.userBrowser.waitReady();

  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  const [, loadedBefore] = await inspector.counts();
  expect(loadedBefore).toBeGreaterThan(1);

  // Live: a search on Users while the inspector is closed shows up on top without a refresh.
  await app.goTo('users');
  await app.userBrowser.searchFor('zzinspector');
  await expect(app.userBrowser.root).toHaveAttribute('data-state', 'empty');
  await app.goTo('inspector');
  await inspector.waitReady();
  await expect.poll(async () => (await inspector.counts())[1]).toBeGreaterThan(loadedBefore);
  await expect(inspector.rows.first()).toHaveAttribute('data-method', 'GET');
  await expect(inspector.rows.first().locator('.inspector-path')).toContainText('zzinspector');

  // Filters: method, status class and text in the URL.
  await inspector.methodFilter.selectOption('GET');
  await inspector.statusFilter.selectOption('2xx');
  // "startIndex=" is in list URLs only (bodies say "startIndex": 1), so every match is a URL match.
  await inspector.textFilter.fill('startIndex=');
  await expect(inspector.root).toHaveAttribute('data-search', 'done');
  await expect.poll(async () => (await inspector.counts())[0]).toBeGreaterThan(0);
  for (const row of await inspector.rows.all()) {
    await expect(row).toHaveAttribute('data-method', 'GET');
    await expect(row).toHaveAttribute('data-status', /^2\d\d$/);
    await expect(row.locator('.inspector-path')).toContainText('startIndex=');
  }
  await inspector.statusFilter.selectOption('5xx');
  await expect(inspector.root.getByTestId('inspector-no-match')).toBeVisible();
  await inspector.statusFilter.selectOption('');

  // Text in bodies, never opened here: searched on the main side. Only the Users list's answer names this user.
  await inspector.textFilter.fill('maria.gomez');
  await expect(inspector.root).toHaveAttribute('data-search', 'done');
  await expect(inspector.rows.first()).toBeVisible();
  for (const row of await inspector.rows.all()) await expect(row.locator('.inspector-path')).not.toContainText('maria');
  await inspector.textFilter.fill('startIndex=');
  await expect(inspector.root).toHaveAttribute('data-search', 'done');

  // The detail: the credential is redacted, the body is there, pretty by default.
  await inspector.open(inspector.rows.first());
  await expect(inspector.requestHeader('authorization')).toHaveText('Bearer [REDACTED]');
  await expect(inspector.detail.getByTestId('inspector-detail-status')).toHaveText('200 OK');
  const responseBody = inspector.detail.getByTestId('inspector-response-body');
  await expect(responseBody).toHaveAttribute('data-tab', 'pretty');
  await expect(responseBody.getByTestId('inspector-response-body-text')).toContainText('"totalResults"');
  await responseBody.getByTestId('inspector-response-body-tab-raw').click();
  await expect(responseBody).toHaveAttribute('data-tab', 'raw');

  // Keyboard: the list moves the selection with the arrows, the detail follows.
  await inspector.list.focus();
  const firstId = await inspector.rows.first().getAttribute('data-id');
  await page.keyboard.press('ArrowDown');
  await expect(inspector.detail).not.toHaveAttribute('data-id', firstId!);
  await page.keyboard.press('ArrowUp');
  await expect(inspector.detail).toHaveAttribute('data-id', firstId!);

  // Copy as curl: an environment-variable placeholder where the secret was, never the token or the marker.
  const curl = await inspector.copyAs('curl');
  expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
  expect(curl).not.toContain('[REDACTED]');
  expect(curl).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);
  const fetchCode = await inspector.copyAs('fetch');
  expect(fetchCode).toContain('process.env.SCIM_TOKEN');

  // Edit and resend: the console starts from the exchange (credentials not copied), sends through main, opens the answer.
  const [, loadedBeforeResend] = await inspector.counts();
  await inspector.detail.getByTestId('inspector-resend').click();
  await expect(inspector.console).toHaveAttribute('data-state', 'idle');
  await expect(inspector.console.getByTestId('console-method')).toHaveValue('GET');
  await expect(inspector.console.getByTestId('console-path')).toHaveValue(/\/Users$/);
  await expect(inspector.console.getByTestId('console-headers')).not.toContainText('REDACTED');
  await inspector.setConsoleQuery('count', '1');
  await inspector.console.getByTestId('console-send').click();
  await expect(inspector.detail).toHaveAttribute('data-state', 'ready');
  await expect(inspector.detail.getByTestId('inspector-detail-url')).toContainText('count=1');
  await expect(inspector.detail.getByTestId('inspector-detail-status')).toHaveText('200 OK');
  await expect(inspector.requestHeader('authorization')).toHaveText('Bearer [REDACTED]');
  await expect.poll(async () => (await inspector.counts())[1]).toBe(loadedBeforeResend + 1);

  // Export HAR of the filtered exchanges, and read it back.
  const [shown] = await inspector.counts();
  await inspector.root.getByTestId('inspector-export-har').click();
  await expect(inspector.dialog.getByTestId('inspector-har-dialog')).toBeVisible();
  await inspector.dialog.getByRole('radio', { name: /shown/ }).check();
  const downloading = page.waitForEvent('download');
  await inspector.dialog.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^scim-desk-\d{4}-\d{2}-\d{2}\.har$/);
  const har = JSON.parse(await readFile((await download.path())!, 'utf8')) as HarFile;
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator.name).toBe('SCIM Desk');
  expect(har.log.entries).toHaveLength(shown);
  for (const entry of har.log.entries) {
    expect(entry.request.method).toBe('GET');
    expect(entry.request.url).toContain('startIndex=');
    expect(entry.response.status).toBeGreaterThanOrEqual(200);
    expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
    expect(entry.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer [REDACTED]' });
  }
  await expect(app.toast(`Exported ${shown} exchanges to HAR.`)).toBeVisible();
  await expect(inspector.dialog).toHaveCount(0);

  // Diff: two exchanges marked (box and Space), their response bodies side by side.
  await inspector.textFilter.fill('');
  await inspector.rows.nth(0).getByTestId('inspector-row-compare').check();
  await inspector.rows.nth(1).click();
  await inspector.list.focus();
  await page.keyboard.press(' ');
  await expect(inspector.root.getByTestId('inspector-diff-open')).toHaveText('Diff marked (2/2)');
  await inspector.root.getByTestId('inspector-diff-open').click();
  await expect(inspector.diff).toHaveAttribute('data-state', 'ready');
  await expect(inspector.diff.getByTestId('inspector-diff-summary')).toContainText(/differ|same/);
  await inspector.diff.getByTestId('inspector-diff-close').click();
  await expect(inspector.detail).toHaveAttribute('data-state', 'ready');

  // Clear asks first; cancelling keeps everything, confirming empties the journal.
  await inspector.root.getByTestId('inspector-clear').click();
  await expect(inspector.dialog).toContainText('Clear the journal?');
  await inspector.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(inspector.dialog).toHaveCount(0);
  await expect(inspector.root).toHaveAttribute('data-state', 'ready');
  await inspector.root.getByTestId('inspector-clear').click();
  await inspector.dialog.getByRole('button', { name: 'Clear' }).click();
  await expect(inspector.root).toHaveAttribute('data-state', 'empty');
  await expect(app.toast(/Cleared \d+ exchanges/)).toBeVisible();
});

test('reopens the journal of an earlier run after a restart, by connection', async ({ browser }) => {
  const first = await startShell({ demoUsers: 50 });
  let second: WebShellProcess | null = null;
  try {
    const page1 = await browser.newPage();
    const app1 = new AppPage(page1);
    await app1.open(first.launchUrl);
    await app1.userBrowser.waitReady();
    await app1.goTo('inspector');
    const inspector1 = new InspectorPage(page1);
    await inspector1.waitReady();
    const earlierIds = await inspector1.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(earlierIds.length).toBeGreaterThan(0);
    await page1.close();
    await first.stop();

    second = await startShell({ dataDir: first.dataDir, demoUsers: 50 });
    const page2 = await browser.newPage();
    const app2 = new AppPage(page2);
    await app2.open(second.launchUrl);
    await app2.goTo('inspector');
    const inspector2 = new InspectorPage(page2);
    await inspector2.waitReady();
    // The earlier run's demo connection is offered, and its exchanges are listed from disk.
    await inspector2.connectionFilter.selectOption({ label: 'Demo' });
    await inspector2.waitReady();
    for (const id of earlierIds) await expect(inspector2.list.locator(`[data-id="${id}"]`)).toHaveCount(1);
    await inspector2.open(inspector2.list.locator(`[data-id="${earlierIds[0]}"]`));
    await expect(inspector2.requestHeader('authorization')).toHaveText('Bearer [REDACTED]');
  } finally {
    await second?.stop();
    await first.stop();
    await rm(first.dataDir, { recursive: true, force: true });
  }
});

test('the request console on a read-only connection offers only GET and HEAD and refuses a method override', async ({ app, page }) => {
  await app.goTo('connections');
  await app.connections.item('Demo').first().click();
  await app.connections.fill({ readOnly: true });
  await app.connections.save();
  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.root.getByTestId('inspector-console-open').click();
  await expect(inspector.console).toHaveAttribute('data-state', 'idle');
  const methods = inspector.console.getByTestId('console-method').locator('option');
  await expect(methods).toHaveText(['GET', 'HEAD']);
  await expect(inspector.console.getByTestId('console-send')).toBeEnabled();

  await inspector.addConsoleHeader('X-HTTP-Method-Override', 'DELETE');
  await expect(inspector.console.getByTestId('console-refused')).toContainText('method override (X-HTTP-Method-Override: DELETE) is refused');
  await expect(inspector.console.getByTestId('console-send')).toBeDisabled();
  await expect(inspector.console.getByTestId('console-override')).toHaveCount(0);
});
