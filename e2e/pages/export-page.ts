import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** Every state the dialog's data-state takes once its job exists (before: "idle", then "starting"). */
const JOB_STATES = /^(queued|running|paused|succeeded|failed|cancelled|interrupted)$/;

/** The Export dialog of the Users/Groups browser: it starts a main-side export job and follows it. */
export class ExportDialogPage {
  readonly root: Locator;
  readonly filter: Locator;
  readonly progress: Locator;
  readonly progressText: Locator;
  /** Cancelled (or interrupted): what happened, in words. */
  readonly status: Locator;
  readonly summary: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('export-dialog');
    this.filter = this.root.getByTestId('export-filter');
    this.progress = this.root.getByTestId('export-progress');
    this.progressText = this.root.getByTestId('export-progress-text');
    this.status = this.root.getByTestId('export-status');
    this.summary = this.root.getByTestId('export-summary');
    this.error = this.root.getByTestId('export-error');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('export-open').click();
    await expect(this.root).toBeVisible();
  }

  async chooseFormat(label: 'CSV' | 'JSON'): Promise<void> {
    await this.root.getByRole('radio', { name: label }).check();
  }

  /** Starts the export (Export, or Export again) and waits until its job exists. */
  async start(): Promise<void> {
    await this.root.getByTestId('export-start').click();
    await expect(this.root).toHaveAttribute('data-state', JOB_STATES);
  }

  async waitFor(state: string | RegExp, timeout?: number): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', state, timeout ? { timeout } : undefined);
  }

  /** Cancels the running job (the dialog stays open and says so). */
  async cancelJob(): Promise<void> {
    await this.root.getByTestId('export-cancel').click();
  }

  async runInBackground(): Promise<void> {
    await this.root.getByTestId('export-background').click();
    await expect(this.root).toHaveCount(0);
  }

  /** Save file… of a succeeded export: in the web shell a download, after which the dialog closes. */
  async saveFile(): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.root.getByTestId('export-save').click();
    return downloading;
  }
}
