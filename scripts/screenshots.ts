// Screenshots of each screen, light and dark, in Debian's Chromium against the web shell:
//   npx tsx scripts/screenshots.ts [outDir]
// Used for the README and to look at what we built.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { startShell } from '../e2e/fixtures';
import { AppPage, type ScreenName } from '../e2e/pages/app-page';
import { fillCode } from '../e2e/pages/code-editor';
import { DetailPage } from '../e2e/pages/detail-page';
import { FilterPage } from '../e2e/pages/filter-page';
import { InspectorPage } from '../e2e/pages/inspector-page';
import { MembershipPage } from '../e2e/pages/membership-page';
import { ServerPage } from '../e2e/pages/server-page';

const outDir = process.argv[2] ?? 'docs/screenshots';
const screens: ScreenName[] = ['users', 'groups', 'filter', 'patch', 'inspector', 'connections'];

/** The membership workbench: a group's members, a pending change's review, a user's groups. */
async function membershipShots(app: AppPage, colorScheme: string): Promise<void> {
  const page = app.page;
  await app.goTo('groups');
  await app.groupBrowser.waitReady();
  await app.groupBrowser.row(6).click();
  await app.groupBrowser.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  const members = new MembershipPage(detail, 'group');
  await members.open();
  await page.screenshot({ path: `${outDir}/group-members-${colorScheme}.png` });
  await members.pick('a', 2);
  await page.screenshot({ path: `${outDir}/membership-review-${colorScheme}.png` });
  await members.review.getByRole('button', { name: 'Back' }).click();
  await app.goTo('users');
  await app.userBrowser.waitReady();
  await app.userBrowser.row(3).click();
  await app.userBrowser.table.press('Enter');
  await detail.waitLoaded();
  await new MembershipPage(detail, 'user').open();
  await page.screenshot({ path: `${outDir}/user-groups-${colorScheme}.png` });
  await detail.root.getByTestId('detail-tab-history').click();
  await expect(detail.root.getByTestId('resource-history')).toHaveAttribute('data-state', 'ready');
  await page.screenshot({ path: `${outDir}/resource-history-${colorScheme}.png` });
  await detail.button(/Close/).click();
}

/** The CodeMirror views and editors: a response body, the detail's JSON editor (clean, then with an error), a filter error. */
async function codeShots(app: AppPage, colorScheme: string): Promise<void> {
  const page = app.page;
  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  await inspector.textFilter.fill('startIndex=');
  await expect(inspector.root).toHaveAttribute('data-search', 'done');
  await inspector.open(inspector.rows.first());
  await expect(inspector.detail.getByTestId('inspector-response-body-text')).toHaveAttribute('data-state', 'ready');
  await inspector.detail.getByTestId('inspector-response-body').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${outDir}/inspector-body-${colorScheme}.png` });
  await inspector.textFilter.fill('');

  await app.goTo('users');
  await app.userBrowser.waitReady();
  await app.userBrowser.row(2).click();
  await app.userBrowser.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  await detail.edit();
  await detail.tab('JSON').click();
  await expect(detail.root.getByTestId('json-editor')).toHaveAttribute('data-state', 'ready');
  await page.screenshot({ path: `${outDir}/detail-json-${colorScheme}.png` });
  await fillCode(detail.jsonEditor, '{\n  "userName": "maria.gomez@example.com",\n  "active": tru\n}');
  await expect(detail.jsonEditor.locator('.cm-lintRange-error, .cm-lintPoint-error').first()).toBeAttached();
  await page.screenshot({ path: `${outDir}/detail-json-error-${colorScheme}.png` });
  await detail.button('Discard edit').click();
  await detail.button(/Close/).click();

  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await fillCode(filter.textBox, 'userName sw "a" and active zz true');
  await expect(filter.errorMark).toBeVisible();
  await page.screenshot({ path: `${outDir}/filter-error-${colorScheme}.png` });
  await fillCode(filter.textBox, '');
}

/** The Jobs panel with a finished export selected (its step log and file). */
async function jobsShots(app: AppPage, colorScheme: string): Promise<void> {
  await app.goTo('users');
  await app.userBrowser.waitReady();
  const dialog = app.exportDialog;
  await dialog.open();
  await dialog.start();
  await dialog.waitFor('succeeded', 60_000);
  await app.page.keyboard.press('Escape');
  await app.goTo('jobs');
  const row = app.jobs.rows.first();
  await app.jobs.waitFor(row, 'succeeded');
  await app.jobs.select(row);
  await app.page.screenshot({ path: `${outDir}/jobs-${colorScheme}.png` });
}

/**
 * The Server screen: a finished read-only check on Coginiti (which deviates, so the report has more
 * than passes) filtered to what did not pass, one Entra check opened, then its discovery tree. Back
 * on the connection it started on after.
 */
async function serverShots(app: AppPage, colorScheme: string): Promise<void> {
  const page = app.page;
  const options = await app.switcher.locator('option').allTextContents();
  const before = await app.switcher.locator('option:checked').textContent();
  await app.selectConnection(options.find((o) => /coginiti/i.test(o))!);
  await app.goTo('server');
  const server = new ServerPage(page);
  await server.tab('check');
  await server.run();
  await server.waitFor('succeeded', 120_000);
  // What did not pass, seen from the top (readiness, verdict filters).
  for (const verdict of ['fail', 'ignored', 'warn', 'unsupported'] as const) {
    if ((await server.verdictCount(verdict)) > 0) await server.verdictFilter(verdict).click();
  }
  // The first Entra check that did not pass, opened: it names what Entra will do wrong.
  const worst = server.check.locator('[data-testid="check-row"][data-check-id^="entra."]:is([data-verdict="ignored"], [data-verdict="fail"])');
  await page.screenshot({ path: `${outDir}/server-${colorScheme}.png` });
  const row = (await worst.count()) > 0 ? worst.first() : server.checkRows.first();
  await server.expand(row);
  await row.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${outDir}/server-check-row-${colorScheme}.png` });
  const showAll = server.check.getByTestId('verdict-filter-clear');
  if ((await showAll.count()) > 0) await showAll.click();
  await server.tab('discovery');
  await expect(server.discovery).toHaveAttribute('data-state', 'ready');
  await server.openSchema('User');
  await page.screenshot({ path: `${outDir}/server-discovery-${colorScheme}.png` });
  await server.tab('check');
  await app.selectConnection(before!);
}

/**
 * A check with writes on Demo (rfc): the confirmation naming what it creates, then the finished run
 * (no leftovers, its write checks in the list, scrolled to the first of them).
 */
async function writeCheckShots(app: AppPage, colorScheme: string): Promise<void> {
  const page = app.page;
  await app.goTo('server');
  const server = new ServerPage(page);
  await server.tab('check');
  await server.openWriteConfirm();
  await page.screenshot({ path: `${outDir}/server-write-confirm-${colorScheme}.png` });
  await server.confirmWrites();
  await server.waitFor('succeeded', 180_000);
  await page.screenshot({ path: `${outDir}/server-write-check-${colorScheme}.png` });
  const created = server.row('user.create');
  if ((await created.count()) > 0) {
    await server.expand(created);
    await created.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${outDir}/server-write-check-rows-${colorScheme}.png` });
  }
  await server.writesOption.uncheck();
}

/**
 * The Bulk screen: a small CSV of leavers (the first users of the demo, one unknown, one without a
 * key) read and mapped, then its dry run's plan with one change opened (request and diff).
 */
async function bulkShots(app: AppPage, colorScheme: string): Promise<void> {
  const page = app.page;
  await app.goTo('users');
  await app.userBrowser.waitReady();
  const names: string[] = [];
  for (let i = 1; i <= 12; i++) names.push((await app.userBrowser.cells(i).nth(1).textContent())!.trim());
  const file = join(tmpdir(), `scim-desk-leavers-${colorScheme}.csv`);
  // A title per color scheme: the second run plans changes to the users the first one already changed.
  const rows = names.map((name, i) => `${name};Leaver (${colorScheme});${i % 3 === 0 ? 'no' : 'false'}`);
  await writeFile(file, ['userName;title;active', ...rows, 'nobody@example.com;Leaver;false', ';Leaver;false'].join('\n'));
  const bulk = await app.goTo('bulk');
  await expect(bulk).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('bulk-file-input').setInputFiles(file);
  await expect(page.getByTestId('bulk-mapping')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('bulk-action-kind').selectOption('set');
  await page.screenshot({ path: `${outDir}/bulk-${colorScheme}.png` });
  await page.getByTestId('bulk-dry-run').click();
  const plan = page.getByTestId('bulk-plan');
  await expect(plan).toHaveAttribute('data-state', 'complete', { timeout: 60_000 });
  await plan.getByTestId('bulk-plan-row').first().click();
  await expect(page.getByTestId('bulk-plan-item')).toHaveAttribute('data-state', 'ready');
  // The screen's body scrolls (scrollIntoView would also move the app frame).
  await plan.evaluate((element) => {
    const body = element.closest('.bulk-body')!;
    body.scrollTop += element.getBoundingClientRect().top - body.getBoundingClientRect().top - 8;
  });
  await page.screenshot({ path: `${outDir}/bulk-plan-${colorScheme}.png` });
  // Sent (12 deactivations: under the typed-count threshold), then the results with one row open.
  await plan.getByTestId('bulk-send').click();
  await page.getByTestId('bulk-send-confirm').click();
  const results = page.getByTestId('bulk-results');
  await expect(results).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await expect(results).toHaveAttribute('data-counts', 'current');
  await results.getByTestId('bulk-result-row').first().click();
  await results.evaluate((element) => {
    const body = element.closest('.bulk-body')!;
    body.scrollTop += element.getBoundingClientRect().top - body.getBoundingClientRect().top - 8;
  });
  await page.screenshot({ path: `${outDir}/bulk-results-${colorScheme}.png` });
}

const shell = await startShell();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  await mkdir(outDir, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme });
    const app = new AppPage(page);
    // Each page is a new browser context, and a launch link works once.
    await app.open(colorScheme === 'light' ? shell.launchUrl : await shell.newLaunchUrl());
    for (const screen of screens) {
      const root = await app.goTo(screen);
      await expect(root).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
      if (screen === 'connections') await app.connections.items.first().click();
      await page.screenshot({ path: `${outDir}/${screen}-${colorScheme}.png` });
    }
    await membershipShots(app, colorScheme);
    await codeShots(app, colorScheme);
    await jobsShots(app, colorScheme);
    await serverShots(app, colorScheme);
    await writeCheckShots(app, colorScheme);
    await bulkShots(app, colorScheme);
    await page.close();
  }
  console.log(`screenshots written to ${outDir}/`);
} finally {
  await browser.close();
  await shell.stop();
}
