import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The Jobs panel (nav, Alt+7, or the status bar's count) and the status bar's jobs button. */
export class JobsPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly detail: Locator;
  /** "2 jobs · 45%" in the status bar; absent while no job is unfinished. */
  readonly statusButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-jobs');
    this.rows = this.root.getByTestId('job-row');
    this.empty = this.root.getByTestId('jobs-empty');
    this.detail = this.root.getByTestId('job-detail');
    this.statusButton = page.getByTestId('status-jobs');
  }

  /** Jobs with this title, newest first. */
  row(title: string | RegExp): Locator {
    return this.rows.filter({ has: this.page.getByTestId('job-title').filter({ hasText: title }) });
  }

  /** Waits on the row's data-state (a job's state as main reports it). */
  async waitFor(row: Locator, state: string | RegExp, timeout?: number): Promise<void> {
    await expect(row).toHaveAttribute('data-state', state, timeout ? { timeout } : undefined);
  }

  async select(row: Locator): Promise<void> {
    await row.getByTestId('job-select').click();
    await expect(this.detail).toBeVisible();
  }

  /** Cancel on a row; a job that writes asks first (`confirm`), one that only reads does not. */
  async cancel(row: Locator, { confirm = false }: { confirm?: boolean } = {}): Promise<void> {
    await row.getByTestId('job-cancel').click();
    if (confirm) await this.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Stop job' }).click();
  }

  /** Save file… in the selected job's detail: in the web shell, a download. */
  async saveFile(): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.detail.getByTestId('job-save-file').click();
    return downloading;
  }
}
