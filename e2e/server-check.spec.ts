import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import type { AppPage } from './pages/app-page';
import { InspectorPage } from './pages/inspector-page';
import { ServerPage, type VerdictName } from './pages/server-page';
import { openServer, pacedConnection } from './server-fixtures';

const VERDICTS: VerdictName[] = ['pass', 'warn', 'fail', 'unsupported', 'ignored', 'skipped'];

/** Switches to the demo connection whose name matches (the first one is plain "Demo": the rfc persona). */
async function useConnection(app: AppPage, name: RegExp): Promise<void> {
  const option = (await app.switcher.locator('option').allTextContents()).find((o) => name.test(o));
  expect(option, `a connection named ${name}`).toBeTruthy();
  await app.selectConnection(option!);
}

/** Every verdict's count as the summary toggles show them. */
async function counts(server: ServerPage): Promise<Record<VerdictName, number>> {
  const entries = await Promise.all(VERDICTS.map(async (v) => [v, await server.verdictCount(v)] as const));
  return Object.fromEntries(entries) as Record<VerdictName, number>;
}

const rowVerdicts = (server: ServerPage) => server.checkRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));

/** Opens check rows one by one until one shows an evidence exchange; its first link. */
async function firstEvidence(server: ServerPage) {
  for (const row of await server.checkRows.all()) {
    const links = (await server.expand(row)).getByTestId('check-evidence');
    if ((await links.count()) > 0) return links.first();
  }
  throw new Error('no check has evidence');
}

test('Alt+8 opens the Server screen; its discovery tree shows resource types, schemas and attributes with their characteristics, by keyboard', async ({
  app,
  page,
}) => {
  await app.userBrowser.waitReady();
  await page.keyboard.press('Alt+Digit8');
  const server = new ServerPage(page);
  await expect(server.root).toBeVisible();
  await expect(page.getByTestId('nav-server')).toHaveAttribute('aria-current', 'page');
  await expect(server.check).toHaveAttribute('data-state', 'idle');

  // The tabs take arrows.
  const checkTab = server.root.getByTestId('server-tab-check');
  await checkTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(server.root.getByTestId('server-tab-discovery')).toHaveAttribute('aria-selected', 'true');
  await expect(server.discovery).toHaveAttribute('data-state', 'ready');

  const types = server.discovery.getByTestId('server-resource-type');
  await expect(types).toHaveCount(2);
  const user = types.filter({ has: page.locator('th', { hasText: 'User' }) }).first();
  await expect(user).toContainText('/Users');
  await expect(user).toContainText('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');

  const schema = await server.openSchema('User');
  const userName = schema.locator('[data-testid="server-attribute"][data-path="userName"]');
  await expect(userName.locator('td').nth(2)).toHaveText('yes'); // required
  await expect(userName.locator('td').nth(6)).toHaveText('server'); // uniqueness
  // A complex attribute opens on Enter (a disclosure button), showing its sub-attributes indented.
  const name = schema.getByRole('button', { name: /^name\b/ });
  await expect(name).toHaveAttribute('aria-expanded', 'false');
  await name.focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-expanded', 'true');
  await expect(schema.locator('[data-testid="server-attribute"][data-path="name.familyName"]')).toBeVisible();
  // Canonical values of a multi-valued attribute's type.
  await schema.getByRole('button', { name: /^emails\b/ }).click();
  await expect(schema.locator('[data-testid="server-attribute"][data-path="emails.type"]')).toContainText('work');

  // What was opened is still open on coming back.
  await app.goTo('users');
  await app.goTo('server');
  await expect(server.root.getByTestId('server-tab-discovery')).toHaveAttribute('aria-selected', 'true');
  await expect(server.discovery.locator('[data-testid="server-attribute"][data-path="name.familyName"]')).toBeVisible();
});

test('the read-only check on Demo (rfc): the verdicts filter the list, evidence opens in the Inspector, the report exports, and it is there on coming back', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000);
  const server = await openServer(app, page);
  await expect(server.check.getByTestId('check-empty')).toBeVisible();
  await server.run();
  await server.waitFor('succeeded', 120_000);
  const jobId = (await server.check.getByTestId('check-run-view').getAttribute('data-job-id'))!;

  const total = await server.checkRows.count();
  expect(total).toBeGreaterThan(10);
  const byVerdict = await counts(server);
  expect(Object.values(byVerdict).reduce((a, b) => a + b, 0)).toBe(total);
  // The RFC persona does everything the RFC asks: nothing fails or is silently ignored.
  expect(byVerdict.fail, 'fail on the rfc persona').toBe(0);
  expect(byVerdict.ignored, 'ignored on the rfc persona').toBe(0);
  // Readiness per chosen profile (all three by default), "passed/total".
  await expect(server.readiness).toHaveCount(3);
  for (const profile of ['rfc', 'entra', 'okta']) {
    const card = server.check.locator(`[data-testid="check-readiness-profile"][data-profile="${profile}"]`);
    await expect(card).toHaveCount(1);
    const [passed, all] = [Number(await card.getAttribute('data-passed')), Number(await card.getAttribute('data-total'))];
    expect(all).toBeGreaterThan(0);
    await expect(card).toContainText(`${passed}/${all}`);
  }

  // Filter by verdict: pass only, then pass and another verdict, then all again.
  const pass = server.verdictFilter('pass');
  await pass.click();
  await expect(pass).toHaveAttribute('aria-pressed', 'true');
  await expect(server.checkRows).toHaveCount(byVerdict.pass);
  expect(new Set(await rowVerdicts(server))).toEqual(new Set(['pass']));
  const other = VERDICTS.find((v) => v !== 'pass' && byVerdict[v] > 0);
  if (other) {
    await server.verdictFilter(other).click();
    await expect(server.checkRows).toHaveCount(byVerdict.pass + byVerdict[other]);
    expect(new Set(await rowVerdicts(server))).toEqual(new Set(['pass', other]));
  }
  await server.check.getByTestId('verdict-filter-clear').click();
  await expect(server.checkRows).toHaveCount(total);
  await expect(pass).toHaveAttribute('aria-pressed', 'false');

  // Exports: JSON and Markdown hold every check.
  const json = await server.export('json');
  const report = JSON.parse(await readFile((await json.path())!, 'utf8')) as { checks: Array<{ id: string; title: string; verdict: string }> };
  const ids = await server.checkRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check-id')));
  expect(report.checks.map((c) => c.id)).toEqual(ids);
  const markdown = await readFile((await (await server.export('markdown')).path())!, 'utf8');
  for (const check of report.checks) expect(markdown).toContain(`\`${check.id}\``);

  // A check's evidence opens that exchange in the Inspector.
  const evidence = await firstEvidence(server);
  const exchangeId = (await evidence.getAttribute('data-exchange-id'))!;
  await evidence.click();
  const inspector = new InspectorPage(page);
  await expect(inspector.root).toBeVisible();
  await expect(inspector.detail).toHaveAttribute('data-id', exchangeId);
  await expect(inspector.detail).toHaveAttribute('data-state', 'ready');

  // Back on the Server screen (and after a reload), the last check of this connection is shown.
  await app.goTo('server');
  await expect(server.check.getByTestId('check-run-view')).toHaveAttribute('data-job-id', jobId);
  await expect(server.checkRows).toHaveCount(total);
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-state', 'ready');
  await server.waitFor('succeeded');
  await expect(server.check.getByTestId('check-run-view')).toHaveAttribute('data-job-id', jobId);
  await expect(server.checkRows).toHaveCount(total);
});

test('the read-only check on Coginiti for Entra ID only: scored for that profile, each check with its verdict in words, its own last check', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000);
  await useConnection(app, /coginiti/i);
  const server = await openServer(app, page);
  await expect(server.root.getByTestId('server-connection')).toContainText(/coginiti/i);
  await server.chooseProfiles(['entra']);
  await server.run();
  await server.waitFor('succeeded', 120_000);

  // Only the chosen profile is scored.
  await expect(server.readiness).toHaveCount(1);
  const entra = server.readiness.first();
  await expect(entra).toHaveAttribute('data-profile', 'entra');
  const [passed, total] = [Number(await entra.getAttribute('data-passed')), Number(await entra.getAttribute('data-total'))];
  expect(total).toBeGreaterThan(0);
  // Coginiti ignores every filter but `userName eq`: Entra's `externalId eq` lookups go unanswered.
  expect(passed).toBeLessThan(total);
  await expect(entra).toHaveText(new RegExp(`Entra ID provisioning\\s*${passed}/${total}`));

  // Every row's badge says its verdict in words; the toggles count them.
  const byVerdict = await counts(server);
  const rows = await server.checkRows.all();
  expect(rows.length).toBe(Object.values(byVerdict).reduce((a, b) => a + b, 0));
  const words: Record<VerdictName, string> = { pass: 'Pass', warn: 'Warn', fail: 'Fail', unsupported: 'Unsupported', ignored: 'Ignored', skipped: 'Skipped' };
  for (const row of rows) await expect(row.getByTestId('check-verdict')).toHaveText(words[(await row.getAttribute('data-verdict')) as VerdictName]);

  // A check that ran and did not pass says what Entra will do wrong (skipped ones, the write checks of this read-only run, prove nothing).
  const notPassed = server.check.locator('[data-testid="check-row"]:not([data-verdict="pass"]):not([data-verdict="skipped"])');
  for (const row of await notPassed.all()) {
    const detail = await server.expand(row);
    await expect(detail.getByTestId('check-consequences').locator('[data-profile]')).not.toHaveCount(0);
    for (const profile of await detail.getByTestId('check-consequences').locator('[data-profile]').all()) {
      await expect(profile).toHaveAttribute('data-profile', 'entra');
      await expect(profile).toContainText('Entra');
    }
  }
  const jobId = (await server.check.getByTestId('check-run-view').getAttribute('data-job-id'))!;

  // Each connection has its own last check: Demo has none yet; back on Coginiti, its check is there.
  await useConnection(app, /^Demo$/);
  await expect(server.check).toHaveAttribute('data-state', 'idle');
  await useConnection(app, /coginiti/i);
  await expect(server.check).toHaveAttribute('data-state', 'succeeded');
  await expect(server.check.getByTestId('check-run-view')).toHaveAttribute('data-job-id', jobId);
});

test('a check’s results arrive while it runs, and it is cancelled midway; what ran stays in the report', async ({ app, page }) => {
  test.setTimeout(120_000);
  // Paced to 3 requests a second: the check is still running when Cancel is pressed.
  const own = await pacedConnection(app, 3);
  try {
    const server = await openServer(app, page);
    await server.run();
    await expect(server.check).toHaveAttribute('data-state', 'running');
    await expect(server.check.getByTestId('check-progress')).toHaveAttribute('role', 'progressbar');
    await expect(server.check.getByTestId('check-export-json')).toBeDisabled();
    // Results arrive while it runs.
    await expect(server.checkRows.first()).toBeVisible();
    await expect(server.check).toHaveAttribute('data-state', 'running');
    const before = await server.checkRows.count();
    await expect.poll(() => server.checkRows.count()).toBeGreaterThan(before);
    await server.check.getByTestId('check-cancel').click();
    await server.waitFor('cancelled');
    await expect(server.check.getByTestId('check-state')).toHaveText('Cancelled');
    await expect(server.check.getByTestId('check-run')).toHaveText('Run again');
    // The checks that ran before the cancel are kept, and the report can be exported.
    await expect(server.checkRows.first()).toBeVisible();
    await expect(server.check.getByTestId('check-export-json')).toBeEnabled();
  } finally {
    await own.close();
  }
});
