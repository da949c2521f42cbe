import { readFile, rm } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { parseCsv } from './csv';
import { expect, startShell, test } from './fixtures';
import { AppPage } from './pages/app-page';

/** The app on its own web shell whose demo server has `users` users (more than the fixture's 2,500). */
async function withUsers(page: Page, users: number, run: (app: AppPage) => Promise<void>): Promise<void> {
  const shell = await startShell({ demoUsers: users });
  try {
    const app = new AppPage(page);
    await app.open(shell.launchUrl);
    await app.userBrowser.waitReady();
    await expect(app.userBrowser.total).toHaveText(`${users.toLocaleString('en-US')} users`);
    await run(app);
  } finally {
    await shell.stop();
    await rm(shell.dataDir, { recursive: true, force: true });
  }
}

test('the Jobs panel says what it is for while there are none, and the status bar shows nothing', async ({ app }) => {
  await expect(app.jobs.statusButton).toHaveCount(0);
  await app.goTo('jobs');
  await expect(app.jobs.root).toHaveAttribute('data-state', 'empty');
  await expect(app.jobs.empty).toHaveText('No jobs yet. Exports and membership changes run here, so you can keep working while they do.');
});

test('an export of 10,000 users runs on while another screen is used, finishes in the Jobs panel, and its file has every row', async ({ page }) => {
  test.setTimeout(120_000);
  await withUsers(page, 10_000, async (app) => {
    await app.exportDialog.open();
    await app.exportDialog.start();
    // Escape leaves the dialog: a job still running goes on in the background; a finished one stays in Jobs.
    await page.keyboard.press('Escape');
    await expect(app.exportDialog.root).toHaveCount(0);

    await app.goTo('groups');
    await app.groupBrowser.waitReady();

    await app.goTo('jobs');
    const row = app.jobs.row('Export users to CSV');
    await expect(row).toHaveCount(1);
    await app.jobs.waitFor(row, 'succeeded', 60_000);
    await expect(row.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', '10000');
    await expect(row.getByTestId('job-progress-text')).toHaveText('10,000 of 10,000 users');
    await expect(app.jobs.statusButton).toHaveCount(0);

    await app.jobs.select(row);
    await expect(app.jobs.detail).toHaveAttribute('data-state', 'succeeded');
    await expect(app.jobs.detail.getByTestId('job-summary')).toHaveText('Exported 10,000 users to CSV.');
    await expect(app.jobs.detail.getByTestId('job-step').first()).toBeVisible();
    const download = await app.jobs.saveFile();
    expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(header!.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(10_000);
  });
});

test('an export is cancelled from its dialog, or left running in the background and cancelled from the Jobs panel; nothing is saved', async ({ page }) => {
  test.setTimeout(120_000);
  // 100,000 users: the export is still running when Cancel is pressed.
  await withUsers(page, 100_000, async (app) => {
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    const dialog = app.exportDialog;
    await dialog.open();
    await dialog.chooseFormat('JSON');
    await dialog.start();
    await dialog.waitFor('running');
    await expect(dialog.progress).toHaveAttribute('role', 'progressbar');
    await dialog.cancelJob();
    await dialog.waitFor('cancelled');
    await expect(dialog.status).toContainText('cancelled');
    await expect(dialog.progress).toHaveCount(0);

    // Again, and this time left to run: the status bar counts it and opens the panel.
    await dialog.start();
    await dialog.waitFor('running');
    await dialog.runInBackground();
    await expect(app.toast('Export continues in Jobs')).toBeVisible();
    await expect(app.jobs.statusButton).toHaveAttribute('data-running', '1');
    await app.jobs.statusButton.click();
    await expect(app.jobs.root).toHaveAttribute('data-state', 'ready');

    const rows = app.jobs.row('Export users to JSON');
    await expect(rows).toHaveCount(2);
    // Newest first: the one left running on top, the one cancelled in the dialog below.
    await app.jobs.waitFor(rows.nth(1), 'cancelled');
    await app.jobs.waitFor(rows.first(), 'running');
    await app.jobs.cancel(rows.first());
    await app.jobs.waitFor(rows.first(), 'cancelled');
    await expect(app.jobs.statusButton).toHaveCount(0);

    // Remove forgets a finished job.
    await rows.first().getByTestId('job-remove').click();
    await expect(rows).toHaveCount(1);
    expect(downloads).toHaveLength(0);
  });
});
