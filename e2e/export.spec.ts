import { readFile } from 'node:fs/promises';
import type { Download, Route } from '@playwright/test';
import { expect, openWithoutPicker, test } from './fixtures';
import { DetailPage } from './pages/detail-page';

/** RFC 4180 parsing: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

test('exports the searched view to CSV with the table’s columns, every page, quoting per RFC 4180', async ({ page, shell }) => {
  const app = await openWithoutPicker(page, shell);
  const users = app.userBrowser;
  await users.waitReady();
  const displayName = (await users.row(1).getByRole('cell').nth(2).textContent())!.trim();
  const family = displayName.split(' ').pop()!;

  // A user of that family whose display name needs quoting in CSV.
  const quotedName = `${family}, "Quoted" Export`;
  await page.getByTestId('new-resource').click();
  const detail = new DetailPage(page);
  await detail.create.getByRole('tab', { name: 'JSON' }).click();
  const editor = detail.create.getByTestId('json-editor');
  const template = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...template, userName: `e2e.export.${Date.now()}@example.com`, displayName: quotedName }, null, 2));
  await detail.create.getByRole('button', { name: 'Create' }).click();
  await detail.waitLoaded();
  await page.getByRole('button', { name: 'Close detail (Escape)' }).click();
  await expect(detail.root).toHaveCount(0);

  // 2,501 users now: the search has applied once the total changes from that.
  await expect(users.total).toHaveText('2,501 users');
  await users.searchFor(family);
  await expect(users.total).not.toHaveText('2,501 users');
  await users.waitReady();
  const total = Number((await users.total.textContent())!.replace(/[^\d]/g, ''));
  expect(total).toBeGreaterThan(0);
  const headers = (await users.table.getByRole('columnheader').allTextContents()).map((h) => h.trim()).filter((h) => h !== '#');

  await page.getByTestId('export-open').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-filter')).toContainText(family);
  await expect(dialog.getByRole('radio', { name: 'CSV' })).toBeChecked();
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-start').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');

  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual(headers);
  expect(rows).toHaveLength(total);
  for (const row of rows) expect(row.join(' ').toLowerCase()).toContain(family.toLowerCase());
  // The quoted field round-trips: written quoted with doubled quotes, read back as typed.
  expect(text).toContain(`"${family}, ""Quoted"" Export"`);
  expect(rows.some((row) => row.includes(quotedName))).toBe(true);

  await expect(app.toast(`Exported ${total.toLocaleString('en-US')} users to CSV.`)).toBeVisible();
  await expect(dialog).toHaveCount(0);
});

test('cancelling a JSON export midway stops the calls and saves nothing', async ({ page, shell }) => {
  const app = await openWithoutPicker(page, shell);
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  // The export's second page is held at the network until the test is done, so "midway" is a state, not a moment.
  const held: Route[] = [];
  await page.route('**/api/call/scim.list', async (route) => {
    const body = route.request().postDataJSON() as { input: { count?: number; startIndex?: number } };
    if (body.input.count === 500 && (body.input.startIndex ?? 1) > 1) held.push(route);
    else await route.continue();
  });

  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.total).toHaveText('2,500 users');
  await page.getByTestId('export-open').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-filter')).toHaveText('none');
  await dialog.getByRole('radio', { name: 'JSON' }).check();
  await dialog.getByTestId('export-start').click();

  const progress = dialog.getByTestId('export-progress');
  await expect(progress).toHaveAttribute('role', 'progressbar');
  await expect(progress).toHaveAttribute('aria-valuenow', '500');
  await expect(dialog.getByTestId('export-progress-text')).toHaveText('500 of 2,500');
  await expect.poll(() => held.length).toBe(1);

  const cancelCall = page.waitForRequest('**/api/call/app.cancel');
  await dialog.getByTestId('export-cancel').click();
  await cancelCall;
  await expect(dialog.getByTestId('export-status')).toContainText('cancelled');
  await expect(progress).toHaveCount(0);
  await expect(dialog).toBeVisible();
  expect(downloads).toHaveLength(0);
  for (const route of held) await route.abort().catch(() => undefined);
});
