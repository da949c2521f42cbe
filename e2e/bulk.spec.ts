import { readFile, rm } from 'node:fs/promises';
import { parseCsv } from './csv';
import { callContract } from './fault-fixtures';
import { expect, startShell, test as base, type Page, type WebShellProcess } from './fixtures';
import { OWN_DEMO_TOKEN, startOwnDemo } from './membership-fixtures';
import { AppPage } from './pages/app-page';
import { BulkPage } from './pages/bulk-page';
import { DetailPage } from './pages/detail-page';

type OwnDemo = Awaited<ReturnType<typeof startOwnDemo>>;
interface ServerUser {
  id: string;
  userName: string;
  active: boolean;
}

/** The shell's own demo server only serves the smaller tests: kept small. */
const test = base.extend<{ shell: WebShellProcess }>({
  shell: async ({}, use) => {
    const shell = await startShell({ demoUsers: 100 });
    await use(shell);
    await shell.stop();
    await rm(shell.dataDir, { recursive: true, force: true });
  },
});

/** Every user of the test's own demo server, asked directly (past the proxy, so none of it is counted there). */
async function usersOnServer(own: OwnDemo): Promise<ServerUser[]> {
  const users: ServerUser[] = [];
  for (let startIndex = 1; ; startIndex += 1000) {
    const url = `${own.demo.baseUrl('rfc')}/Users?startIndex=${startIndex}&count=1000&attributes=userName,active`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${OWN_DEMO_TOKEN}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { totalResults: number; Resources?: Array<{ id: string; userName: string; active?: boolean }> };
    for (const r of body.Resources ?? []) users.push({ id: r.id, userName: r.userName, active: r.active !== false });
    if (users.length >= body.totalResults || (body.Resources ?? []).length === 0) return users;
  }
}

/**
 * A connection to the own demo server through its proxy (which records every request), paced to
 * `perSecond` requests: a send of 500 changes then takes long enough to be killed midway.
 */
async function pacedProxyConnection(app: AppPage, own: OwnDemo, name: string, perSecond: number): Promise<string> {
  const draft = {
    settings: { name, baseUrl: own.proxy.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, maxRequestsPerSecond: perSecond },
    secret: { action: 'set', value: OWN_DEMO_TOKEN },
  };
  const created = await callContract<{ id: string }>(app.page, 'connections.create', draft);
  await expect(app.switcher.locator(`option[value="${created.id}"]`)).toHaveCount(1);
  await app.switcher.selectOption(created.id);
  return created.id;
}

/** Takes the pace off the connection (kept, with its secret): once the send has been cut off, the rest may go at full speed. */
async function unpace(app: AppPage, connectionId: string, own: OwnDemo, name: string): Promise<void> {
  const settings = { name, baseUrl: own.proxy.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, maxRequestsPerSecond: null };
  const updated = await callContract<{ maxRequestsPerSecond: number | null }>(app.page, 'connections.update', {
    id: connectionId,
    draft: { settings, secret: { action: 'keep' } },
  });
  expect(updated.maxRequestsPerSecond).toBeNull();
}

/** The requests that reached the server other than reads. */
const writesSeen = (own: OwnDemo) => own.proxy.seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);

/** PATCHes per user id, sent alone or as operations of a /Bulk request. */
function patchesPerUser(own: OwnDemo): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (path: string) => {
    const id = /\/Users\/([^/?]+)$/.exec(path)?.[1];
    if (id) counts.set(decodeURIComponent(id), (counts.get(decodeURIComponent(id)) ?? 0) + 1);
  };
  for (const request of own.proxy.seen) {
    const path = new URL(request.url, 'http://x').pathname;
    if (request.method === 'PATCH') count(path);
    if (request.method === 'POST' && path.endsWith('/Bulk')) {
      const body = JSON.parse(request.body) as { Operations: Array<{ method: string; path: string }> };
      for (const operation of body.Operations) if (operation.method.toUpperCase() === 'PATCH') count(operation.path);
    }
  }
  return counts;
}

/**
 * leavers.csv, semicolon-separated: a header, the 500 userNames, two that no user has, and a row
 * with no userName. Returns the text and the lines of the odd rows.
 */
function leaversCsv(userNames: string[]): { text: string; unknown: Record<string, number>; missingKeyLine: number } {
  const rows = userNames.map((name, i) => `${name};2024-06-${String((i % 28) + 1).padStart(2, '0')}`);
  const unknownNames = ['left.long.ago@example.com', 'never.here@example.com'];
  rows.splice(120, 0, `${unknownNames[0]};2024-06-30`);
  rows.splice(250, 0, ';2024-06-30');
  rows.splice(380, 0, `${unknownNames[1]};2024-06-30`);
  const lines = ['userName;lastDay', ...rows];
  const lineOf = (text: string) => lines.indexOf(text) + 1;
  return {
    text: `${lines.join('\r\n')}\r\n`,
    unknown: Object.fromEntries(unknownNames.map((name) => [name, lineOf(`${name};2024-06-30`)])),
    missingKeyLine: lineOf(';2024-06-30'),
  };
}

/** Waits until the send's done chip counts at least `least` (it is absent while nothing is done). */
async function waitForDone(page: Page, least: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="bulk-results-chips-done"]')?.getAttribute('data-count') ?? 0) >= n, least, {
    polling: 'raf',
    timeout: 60_000,
  });
}

test('500 leavers from a CSV: planned with a dry run that writes nothing, deactivated, killed midway, resumed, verified, undone', async ({ browser }) => {
  test.setTimeout(180_000);
  // The test's own demo server keeps its data while the shell is killed and started again on the same data dir.
  const own = await startOwnDemo();
  const first = await startShell({ demoUsers: 50 });
  let second: WebShellProcess | null = null;
  try {
    const leavers = (await usersOnServer(own)).filter((u) => u.active).slice(0, 500);
    expect(leavers).toHaveLength(500);
    const ids = new Set(leavers.map((u) => u.id));
    const csv = leaversCsv(leavers.map((u) => u.userName));

    const page1 = await browser.newPage();
    const app1 = new AppPage(page1);
    await app1.open(first.launchUrl);
    // 40 requests a second: the send (a /Bulk request per 100, then each target read back) takes over 10 s.
    const connectionId = await pacedProxyConnection(app1, own, 'Leavers', 40);
    await app1.goTo('bulk');
    const bulk = new BulkPage(page1);
    await expect(bulk.root).toHaveAttribute('data-state', 'ready');

    // The file: semicolons detected, 503 rows read.
    await bulk.chooseFile('leavers.csv', csv.text);
    await expect(bulk.fileFacts).toHaveAttribute('data-format', 'csv');
    await expect(bulk.fileFacts).toHaveAttribute('data-delimiter', 'semicolon');
    await expect(bulk.fileFacts).toHaveAttribute('data-rows', '503');
    await expect(bulk.fileFacts.getByTestId('bulk-file-format')).toHaveText('CSV, semicolon-separated');
    await expect(bulk.fileFacts.getByTestId('bulk-file-rows')).toHaveText('503 rows');

    // The mapping: rows matched on userName; the date column left out. The row with no key is listed with its line.
    await bulk.keyColumn.selectOption('userName');
    await bulk.keyAttribute.selectOption('userName');
    await bulk.mapping.locator('[data-testid="bulk-mapping-row"][data-column="lastDay"]').getByTestId('bulk-mapping-path').selectOption('');
    await expect(bulk.mapping).toHaveAttribute('data-state', 'ready');
    await expect(bulk.mapping).toHaveAttribute('data-ready-rows', '502');
    await expect(bulk.badRows('mapping')).toHaveCount(1);
    await expect(bulk.badRows('mapping')).toHaveAttribute('data-line', String(csv.missingKeyLine));
    await expect(bulk.badRows('mapping')).toContainText(`line ${csv.missingKeyLine}`);
    await expect(bulk.badRows('mapping')).toContainText('No userName');

    // The dry run: 500 to change, 2 not found, 1 bad row; nothing else.
    await bulk.chooseAction('deactivate');
    await bulk.dryRun();
    expect(await bulk.planTotals()).toEqual({ change: 500, notFound: 2, bad: 1 });
    await expect(bulk.plan.getByTestId('bulk-plan-state')).toHaveText('Dry run done: nothing was written');
    // The rfc persona advertises /Bulk: the plan is sent through it.
    await expect(bulk.plan.getByTestId('bulk-plan-facts')).toHaveAttribute('data-transport', 'bulk');

    // The two unknown userNames, each with its line.
    await bulk.showPlanOutcome('notFound');
    await expect(bulk.planRows).toHaveCount(2);
    const notFound = await bulk.planRows.evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-key'), r.querySelector('[role="gridcell"]')?.textContent]),
    );
    expect(Object.fromEntries(notFound)).toEqual(Object.fromEntries(Object.entries(csv.unknown).map(([name, line]) => [name, String(line)])));
    await bulk.planChip('notFound').click();

    // One row's exact request and diff.
    const sample = leavers[7]!;
    await bulk.showPlanOutcome('change');
    const sampleRow = bulk.planRows.and(bulk.page.locator(`[data-key="${sample.userName}"]`));
    await bulk.openPlanRow(sampleRow);
    await expect(bulk.planItem.getByTestId('bulk-plan-item-outcome')).toHaveText('Change');
    const request = bulk.planItem.getByTestId('bulk-plan-item-request');
    await expect(request).toHaveAttribute('data-method', 'PATCH');
    await expect(request.locator('p').first()).toHaveText(`PATCH /Users/${sample.id}`);
    await expect(bulk.planItem.getByTestId('bulk-plan-item-if-match')).toContainText('If-Match: W/');
    expect(await bulk.planItemBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const diff = bulk.planItem.getByTestId('bulk-diff-row');
    await expect(diff).toHaveCount(1);
    await expect(diff).toHaveAttribute('data-path', 'active');
    await expect(diff.locator('.bulk-before')).toHaveText('true');
    await expect(diff.locator('.bulk-after')).toHaveText('false');

    // The dry run only read: no write reached the server, and every leaver is still active there.
    expect(writesSeen(own)).toEqual([]);
    const afterPlan = new Map((await usersOnServer(own)).map((u) => [u.id, u.active]));
    expect(leavers.filter((u) => afterPlan.get(u.id) !== true)).toEqual([]);

    // Send: 500 deactivations ask for the count typed.
    await bulk.openSend();
    await expect(bulk.sendDialog).toHaveAttribute('data-typed', 'true');
    await expect(bulk.sendDialog).toHaveAttribute('data-destructive', '500');
    await expect(bulk.sendConfirm).toBeDisabled();
    await bulk.sendCount.fill('50');
    await expect(bulk.sendConfirm).toBeDisabled();
    await bulk.confirmSend('500');
    await expect(bulk.results).toHaveAttribute('data-state', /^(queued|running)$/);

    // Killed once some, not all, are done.
    await waitForDone(page1, 100);
    await first.kill();
    const doneBeforeKill = Number(await bulk.resultChip('done').getAttribute('data-count'));
    expect(doneBeforeKill).toBeLessThan(500);
    // Midway on the server too: what is done was written, and not everything was.
    const patchedBeforeKill = patchesPerUser(own).size;
    expect(patchedBeforeKill).toBeGreaterThanOrEqual(doneBeforeKill);
    expect(patchedBeforeKill).toBeLessThan(500);
    await page1.close();

    // A new shell on the same data dir: the send is interrupted, and resumes.
    second = await startShell({ dataDir: first.dataDir, demoUsers: 50 });
    const page2 = await browser.newPage();
    const app2 = new AppPage(page2);
    await app2.open(second.launchUrl);
    await app2.selectConnection('Leavers');
    await unpace(app2, connectionId, own, 'Leavers');
    await app2.goTo('bulk');
    const resumed = new BulkPage(page2);
    await resumed.waitForSend('interrupted');
    await expect(resumed.root.getByTestId('bulk-send-waiting')).toHaveAttribute('data-state', 'interrupted');
    await expect(resumed.results.getByTestId('bulk-results-message')).toBeVisible();
    await resumed.results.getByTestId('bulk-resume').click();
    await resumed.waitForSend('succeeded', 90_000);
    await resumed.expectCounts({ done: 500 });
    await expect(resumed.results.getByTestId('bulk-results-summary')).toHaveAttribute('data-outcome', 'verified');
    await expect(resumed.results.getByTestId('bulk-results-summary')).toHaveText('500 done');

    // On the server: every leaver inactive, each PATCHed exactly once, nobody else touched.
    const afterSend = new Map((await usersOnServer(own)).map((u) => [u.id, u.active]));
    expect(leavers.filter((u) => afterSend.get(u.id) !== false)).toEqual([]);
    const patches = patchesPerUser(own);
    expect([...patches.keys()].filter((id) => !ids.has(id))).toEqual([]);
    expect([...patches.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(patches.size).toBe(500);

    // The results file: a row per target, all done.
    const download = await resumed.exportResults();
    const [header, ...rows] = parseCsv((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trimEnd());
    const at = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(500);
    expect(rows.filter((row) => row[at('outcome')] !== 'done')).toEqual([]);
    expect(new Set(rows.map((row) => row[at('key')]))).toEqual(new Set(leavers.map((u) => u.userName)));

    // Undo: a plan of 500 changes back, sent (no count to type: nothing is deactivated), every leaver active again.
    await resumed.undo();
    expect(await resumed.planTotals()).toEqual({ change: 500 });
    await resumed.openSend();
    await expect(resumed.sendDialog).toHaveAttribute('data-typed', 'false');
    await resumed.confirmSend();
    await resumed.waitForSend('succeeded', 90_000);
    await resumed.expectCounts({ done: 500 });
    await expect(resumed.results.getByTestId('bulk-results-summary')).toHaveText('500 done');
    const afterUndo = new Map((await usersOnServer(own)).map((u) => [u.id, u.active]));
    expect(leavers.filter((u) => afterUndo.get(u.id) !== true)).toEqual([]);
    // Each leaver PATCHed twice in all: once deactivated, once put back.
    expect([...patchesPerUser(own).values()].filter((n) => n !== 2)).toEqual([]);
  } finally {
    await second?.stop();
    await first.stop();
    await own.close();
    await rm(first.dataDir, { recursive: true, force: true });
  }
});

test('three users marked in the Users browser get a title: planned, sent, verified, and shown in their detail', async ({ app, page }) => {
  const title = 'Bulk-changed title';
  const users = app.userBrowser;
  await users.waitReady();
  for (const position of [1, 2, 3]) await users.row(position).getByTestId('browser-mark').check();
  await expect(app.page.getByTestId('browser-marked')).toContainText('3 selected');
  const ids = await users.rows.and(page.locator('[data-marked]')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
  expect(ids).toHaveLength(3);
  await users.root.getByTestId('bulk-change-open').click();

  const bulk = new BulkPage(page);
  await expect(bulk.browserSource).toHaveAttribute('data-kind', 'ids');
  await expect(bulk.browserSource).toHaveAttribute('data-count', '3');
  await bulk.chooseAction('set');
  await bulk.addValue('title', title);
  await bulk.dryRun();
  expect(await bulk.planTotals()).toEqual({ change: 3 });
  await expect(bulk.planRows).toHaveCount(3);

  await bulk.openSend();
  await expect(bulk.sendDialog).toHaveAttribute('data-typed', 'false');
  await expect(bulk.sendConfirm).toBeEnabled();
  await bulk.confirmSend();
  await bulk.waitForSend('succeeded');
  await bulk.expectCounts({ done: 3 });
  await expect(bulk.resultRows).toHaveCount(3);
  const sendJobId = await bulk.results.getAttribute('data-job-id');

  // Read back: the first user's detail in the Users browser holds the title, and the server holds it for all three.
  await app.goTo('users');
  await users.waitReady();
  await users.row(1).click();
  await users.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  expect(JSON.parse(await detail.rawJson())).toMatchObject({ id: ids[0], title });
  const connectionId = await app.switcher.inputValue();
  for (const id of ids) {
    const read = await callContract<{ resource: { title?: string } }>(page, 'scim.get', { connectionId, endpoint: '/Users', id });
    expect(read.resource.title).toBe(title);
  }

  // The send, as the Jobs panel lists it, opens its results per target on the Bulk screen.
  await app.goTo('jobs');
  const jobRow = app.jobs.root.locator(`[data-job-id="${sendJobId}"]`);
  await app.jobs.select(jobRow);
  await app.jobs.detail.getByTestId('job-open-bulk').click();
  await expect(bulk.results).toHaveAttribute('data-job-id', sendJobId!);
  await bulk.expectCounts({ done: 3 });
});

test('a cell the attribute’s type refuses (active = maybe) makes its row bad, listed with its line and left out of the plan', async ({ app, page }) => {
  await app.userBrowser.waitReady();
  const connectionId = await app.switcher.inputValue();
  const listed = await callContract<{ resources: Array<{ userName: string; active?: boolean }> }>(page, 'scim.list', {
    connectionId,
    endpoint: '/Users',
    startIndex: 1,
    count: 3,
  });
  const [a, b, c] = listed.resources;
  // a flips, b is refused, c is already as asked.
  const text = ['userName,active', `${a!.userName},${a!.active === false}`, `${b!.userName},maybe`, `${c!.userName},${c!.active !== false}`, ''].join('\n');

  await app.goTo('bulk');
  const bulk = new BulkPage(page);
  await bulk.chooseFile('accounts.csv', text);
  await expect(bulk.fileFacts).toHaveAttribute('data-delimiter', 'comma');
  await expect(bulk.fileFacts).toHaveAttribute('data-rows', '3');
  await bulk.keyColumn.selectOption('userName');
  await bulk.keyAttribute.selectOption('userName');
  await bulk.mapping.locator('[data-testid="bulk-mapping-row"][data-column="active"]').getByTestId('bulk-mapping-path').selectOption('active');
  await expect(bulk.mapping).toHaveAttribute('data-ready-rows', '2');
  await expect(bulk.badRows('mapping')).toHaveCount(1);
  await expect(bulk.badRows('mapping')).toHaveAttribute('data-line', '3');
  await expect(bulk.badRows('mapping')).toContainText('“active” is “maybe”');

  await bulk.chooseAction('set');
  await bulk.dryRun();
  expect(await bulk.planTotals()).toEqual({ change: 1, skip: 1, bad: 1 });
  await bulk.showPlanOutcome('bad');
  await expect(bulk.planRows).toHaveCount(1);
  await expect(bulk.planRows).toHaveAttribute('data-key', b!.userName);
  await bulk.openPlanRow(bulk.planRows);
  await expect(bulk.planItem.getByTestId('bulk-plan-item-reason')).toContainText('maybe');
  await expect(bulk.planItem.getByTestId('bulk-plan-item-request')).toHaveCount(0);
  await bulk.planChip('bad').click();
  await bulk.showPlanOutcome('change');
  await expect(bulk.planRows).toHaveCount(1);
  await expect(bulk.planRows).toHaveAttribute('data-key', a!.userName);
  await expect(bulk.sendButton).toHaveText('Send 1 change');
});
