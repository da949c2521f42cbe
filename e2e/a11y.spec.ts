import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import type { AppPage, ScreenName } from './pages/app-page';
import { DetailPage } from './pages/detail-page';
import { FilterPage } from './pages/filter-page';
import { InspectorPage } from './pages/inspector-page';
import { MembershipPage } from './pages/membership-page';
import { PatchPage } from './pages/patch-page';
import { ServerPage } from './pages/server-page';

/** axe on every screen, an open detail drawer, a membership review and the export dialog, in both themes. */

type Found = { view: string; id: string; impact: string; help: string; targets: string[] };

/** Every violation axe finds on the page as it is now, tagged with what was on screen. */
async function scan(page: Page, view: string): Promise<Found[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({
    view,
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}

const describe = (found: Found[]) => found.map((f) => `[${f.impact}] ${f.view}: ${f.id} (${f.help})\n    ${f.targets.join('\n    ')}`).join('\n');

/** Goes to a screen and waits until it has settled (its data-state), showing some data where it can. */
async function visit(app: AppPage, screen: ScreenName): Promise<void> {
  const root = await app.goTo(screen);
  if (screen === 'users' || screen === 'groups') await (screen === 'users' ? app.userBrowser : app.groupBrowser).waitReady();
  else if (screen === 'filter') {
    const filter = new FilterPage(app.page);
    await filter.waitReady();
    await filter.typeFilter('userName sw "a"');
    await filter.run();
  } else if (screen === 'patch') {
    const patch = new PatchPage(app.page);
    await patch.pickTarget(null, 'a');
  } else if (screen === 'inspector') {
    const inspector = new InspectorPage(app.page);
    await inspector.waitReady();
    await inspector.open(inspector.rows.first());
  } else if (screen === 'jobs') {
    await expect(root).toHaveAttribute('data-state', 'ready');
    await app.jobs.select(app.jobs.rows.first());
  } else if (screen === 'server') {
    // A finished check, one row opened (its consequences and evidence), one verdict filtered.
    const server = new ServerPage(app.page);
    await server.run();
    await server.waitFor('succeeded');
    await server.expand(server.checkRows.first());
    await server.verdictFilter('pass').click();
  } else await expect(root).toHaveAttribute('data-state', /^(ready|empty)$/);
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations anywhere, ${theme} theme`, async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.getByLabel('Theme').selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const found: Found[] = [];

    // The export dialog, then its finished job, so the Jobs panel has a row and a detail to check.
    await app.userBrowser.waitReady();
    await app.exportDialog.open();
    await app.exportDialog.start();
    await app.exportDialog.waitFor('succeeded');
    found.push(...(await scan(page, 'export dialog')));
    await page.keyboard.press('Escape');
    await expect(app.exportDialog.root).toHaveCount(0);

    for (const screen of ['users', 'groups', 'filter', 'patch', 'inspector', 'connections', 'jobs', 'server', 'bulk'] as const) {
      await visit(app, screen);
      found.push(...(await scan(page, screen)));
    }

    // The Server screen's discovery tree (a schema and a complex attribute opened) and its quirks.
    await app.goTo('server');
    const server = new ServerPage(page);
    await server.tab('discovery');
    await expect(server.discovery).toHaveAttribute('data-state', 'ready');
    await server.openSchema('User');
    await server.discovery.getByRole('button', { name: /^name\b/ }).click();
    found.push(...(await scan(page, 'server discovery')));
    await server.tab('quirks');
    await expect(server.quirks).toHaveAttribute('data-state', 'ready');
    found.push(...(await scan(page, 'server quirks')));
    await server.tab('check');
    // The confirmation a check with writes asks for (closed unconfirmed: nothing is written).
    await server.openWriteConfirm();
    found.push(...(await scan(page, 'write check confirmation')));
    await server.writeConfirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(server.writeConfirm).toHaveCount(0);
    found.push(...(await scan(page, 'server check with writes chosen')));
    await server.writesOption.uncheck();

    // The detail drawer of a user, then a membership change under review on a group.
    await app.goTo('users');
    await app.userBrowser.waitReady();
    await app.userBrowser.row(1).click();
    await app.userBrowser.table.press('Enter');
    const detail = new DetailPage(page);
    await detail.waitLoaded();
    found.push(...(await scan(page, 'detail drawer')));
    await app.goTo('groups');
    await app.groupBrowser.waitReady();
    await app.groupBrowser.row(6).click();
    await app.groupBrowser.table.press('Enter');
    await detail.waitLoaded();
    const members = new MembershipPage(detail, 'group');
    await members.open();
    await members.pick('a', 1);
    found.push(...(await scan(page, 'membership review')));

    const blocking = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
    const rest = found.filter((f) => !blocking.includes(f));
    const counts = new Map<string, number>();
    for (const f of found) counts.set(f.impact, (counts.get(f.impact) ?? 0) + 1);
    const byImpact = [...counts].map(([impact, n]) => `${impact} ${n}`);
    console.log(`axe, ${theme}: ${byImpact.join(', ') || 'no violations'}`);
    if (rest.length > 0) console.log(describe(rest));
    expect(blocking, describe(blocking)).toEqual([]);
  });
}

test('the users grid names its total and active row; the detail drawer takes focus, its tabs take arrows, and focus comes back', async ({ app, page }) => {
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.table).toHaveAttribute('role', 'grid');
  // The whole collection and the header row, not the few rows rendered.
  await expect(users.table).toHaveAttribute('aria-rowcount', '2501');
  await users.table.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  const row = users.row(3);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(row).toHaveAttribute('aria-rowindex', '4');
  const rowId = (await row.getAttribute('id'))!;
  await expect(users.table).toHaveAttribute('aria-activedescendant', rowId);

  await page.keyboard.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  await expect(detail.root).toBeFocused();
  const tabs = detail.root.getByRole('tab');
  await expect(tabs).toHaveText(['Form', 'JSON', 'Groups', 'History']);
  await detail.tab('Form').focus();
  await page.keyboard.press('ArrowRight');
  const json = detail.tab('JSON');
  await expect(json).toBeFocused();
  await expect(json).toHaveAttribute('aria-selected', 'true');
  await expect(json).toHaveAttribute('tabindex', '0');
  await expect(detail.tab('Form')).toHaveAttribute('tabindex', '-1');
  const panel = page.locator(`[id="${await json.getAttribute('aria-controls')}"]`);
  await expect(panel).toHaveAttribute('role', 'tabpanel');
  await expect(panel).toHaveAttribute('aria-labelledby', (await json.getAttribute('id'))!);
  await expect(panel.getByTestId('resource-json')).toBeVisible();
  await page.keyboard.press('End');
  await expect(detail.root.getByTestId('detail-tab-history')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(detail.tab('Form')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(detail.root.getByTestId('detail-tab-history')).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(detail.root).toHaveCount(0);
  await expect(users.table).toBeFocused();
  await expect(users.table).toHaveAttribute('aria-activedescendant', rowId);
});

test('a popover, a dialog and a dialog inside the drawer close on Escape and give focus back to their opener', async ({ app, page }) => {
  await app.userBrowser.waitReady();
  const toggle = page.getByTestId('column-picker-toggle');
  await toggle.click();
  const picker = page.getByTestId('column-picker');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(picker.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(toggle).toBeFocused();

  const exportOpen = page.getByTestId('export-open');
  await app.exportDialog.open();
  await expect(app.exportDialog.root.getByTestId('export-start')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(app.exportDialog.root).toHaveCount(0);
  await expect(exportOpen).toBeFocused();

  // Escape in the confirmation closes only it: the drawer around stays, with focus back on Delete.
  await app.userBrowser.row(1).dblclick();
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  await detail.button('Delete').click();
  await expect(detail.confirmDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(detail.confirmDialog).toHaveCount(0);
  await expect(detail.root).toBeVisible();
  await expect(detail.button('Delete')).toBeFocused();
});

test('a group’s members and the inspector’s exchanges are grids with one tab stop: arrows move, Space ticks or marks', async ({ app, page }) => {
  await app.goTo('groups');
  const groups = app.groupBrowser;
  await groups.waitReady();
  await groups.row(6).click();
  await groups.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  const members = new MembershipPage(detail, 'group');
  await members.open();
  const grid = members.list.getByRole('grid');
  // Security has 48 members: all of them (and the header row), not the page shown.
  await expect(grid).toHaveAttribute('aria-rowcount', '49');
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = members.rows.nth(1);
  await expect(grid).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);
  await page.keyboard.press(' ');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(second.locator('input')).toBeChecked();
  await expect(members.removeButton).toHaveText('Remove selected (1)');

  const inspector = new InspectorPage(page);
  await app.goTo('inspector');
  await inspector.waitReady();
  await expect(inspector.list).toHaveAttribute('role', 'grid');
  await inspector.list.focus();
  await page.keyboard.press('ArrowDown');
  const first = inspector.rows.first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(inspector.list).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await page.keyboard.press(' ');
  await expect(first.getByTestId('inspector-row-compare')).toBeChecked();
});
