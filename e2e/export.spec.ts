import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv';
import { expect, test } from './fixtures';
import { codeText, fillCode } from './pages/code-editor';
import { DetailPage } from './pages/detail-page';

test('exports the searched view to CSV with the table’s columns, every page, quoting per RFC 4180', async ({ page, app }) => {
  const users = app.userBrowser;
  await users.waitReady();
  const displayName = (await users.cells(1).nth(2).textContent())!.trim();
  const family = displayName.split(' ').pop()!;

  // A user of that family whose display name needs quoting in CSV.
  const quotedName = `${family}, "Quoted" Export`;
  await page.getByTestId('new-resource').click();
  const detail = new DetailPage(page);
  await detail.create.getByRole('tab', { name: 'JSON' }).click();
  const editor = detail.createJson;
  const template = JSON.parse(await codeText(editor)) as Record<string, unknown>;
  await fillCode(editor, JSON.stringify({ ...template, userName: `e2e.export.${Date.now()}@example.com`, displayName: quotedName }, null, 2));
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

  // The export is a main-side job the dialog follows; once it has succeeded, Save file… downloads it (web shell).
  const dialog = app.exportDialog;
  await dialog.open();
  await expect(dialog.filter).toContainText(family);
  await expect(dialog.root.getByRole('radio', { name: 'CSV' })).toBeChecked();
  await dialog.start();
  await dialog.waitFor('succeeded');
  await expect(dialog.summary).toContainText(`Exported ${total.toLocaleString('en-US')} users to CSV.`);
  const download = await dialog.saveFile();
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
  await expect(dialog.root).toHaveCount(0);
});
