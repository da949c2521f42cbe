import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { codeInput, codeText } from './code-editor';

export type PlanOutcome = 'change' | 'create' | 'delete' | 'skip' | 'notFound' | 'bad';
export type SendOutcome = 'pending' | 'done' | 'failed' | 'conflict' | 'drifted';

/**
 * The Bulk screen (nav, Alt+9), top to bottom: the targets (a file or a browser's hand-over), the
 * file's columns, the change and its dry run, the plan, and the send's results.
 */
export class BulkPage {
  readonly root: Locator;
  readonly source: Locator;
  readonly fileInput: Locator;
  /** The file as read: data-format, data-delimiter ("semicolon"), data-rows, data-bad. */
  readonly fileFacts: Locator;
  /** What a browser handed over: data-kind (ids/filter), data-count. */
  readonly browserSource: Locator;
  readonly mapping: Locator;
  readonly keyColumn: Locator;
  readonly keyAttribute: Locator;
  readonly action: Locator;
  readonly actionKind: Locator;
  readonly dryRunButton: Locator;
  /** data-state: planning, complete, failed, … */
  readonly plan: Locator;
  readonly planTable: Locator;
  readonly planRows: Locator;
  /** The selected plan row's exact request and diff. */
  readonly planItem: Locator;
  readonly sendButton: Locator;
  readonly sendDialog: Locator;
  /** "Type 500 to confirm" (only above the threshold). */
  readonly sendCount: Locator;
  readonly sendConfirm: Locator;
  /** data-state: the send job's state (running, interrupted, succeeded, …). */
  readonly results: Locator;
  readonly resultRows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-bulk');
    this.source = this.root.getByTestId('bulk-source');
    this.fileInput = this.root.getByTestId('bulk-file-input');
    this.fileFacts = this.root.getByTestId('bulk-file-facts');
    this.browserSource = this.root.getByTestId('bulk-browser-source');
    this.mapping = this.root.getByTestId('bulk-mapping');
    this.keyColumn = this.mapping.getByTestId('bulk-key-column');
    this.keyAttribute = this.mapping.getByTestId('bulk-key-attribute');
    this.action = this.root.getByTestId('bulk-action');
    this.actionKind = this.action.getByTestId('bulk-action-kind');
    this.dryRunButton = this.action.getByTestId('bulk-dry-run');
    this.plan = this.root.getByTestId('bulk-plan');
    this.planTable = this.plan.getByTestId('bulk-plan-table');
    this.planRows = this.planTable.getByTestId('bulk-plan-row');
    this.planItem = this.plan.getByTestId('bulk-plan-item');
    this.sendButton = this.plan.getByTestId('bulk-send');
    this.sendDialog = page.getByTestId('bulk-send-dialog');
    this.sendCount = this.sendDialog.getByTestId('bulk-send-count');
    this.sendConfirm = this.sendDialog.getByTestId('bulk-send-confirm');
    this.results = this.root.getByTestId('bulk-results');
    this.resultRows = this.results.getByTestId('bulk-result-row');
  }

  /** Chooses a file as the file input would get it, and waits until it is read. */
  async chooseFile(name: string, text: string, mimeType = 'text/csv'): Promise<void> {
    await this.source.getByTestId('bulk-source-tab-file').click();
    await this.fileInput.setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
    await expect(this.root.getByTestId('bulk-file')).toHaveAttribute('data-state', 'ready');
    await expect(this.fileFacts.getByTestId('bulk-file-name')).toHaveText(name);
  }

  /** Rows left out, with their line numbers: of the file as read (`file`) or by the mapping (`mapping`). */
  badRows(where: 'file' | 'mapping'): Locator {
    return this.root.getByTestId(where === 'file' ? 'bulk-file-bad' : 'bulk-mapping-bad').getByTestId('bulk-bad-row');
  }

  /** The action to plan ("deactivate", "set", …). */
  async chooseAction(kind: string): Promise<void> {
    await this.actionKind.selectOption(kind);
    await expect(this.action).toHaveAttribute('data-action', kind);
  }

  /** Adds a fixed value (set/add/upsert): the attribute chosen, the value typed. */
  async addValue(path: string, value: string): Promise<void> {
    const rows = this.action.getByTestId('bulk-value-row');
    const before = await rows.count();
    await this.action.getByTestId('bulk-value-add').click();
    const row = rows.nth(before);
    await row.getByTestId('bulk-value-path').selectOption(path);
    await row.getByTestId('bulk-value-input').fill(value);
  }

  /** Starts the dry run and waits until its plan is complete (reads only). */
  async dryRun(timeout = 60_000): Promise<void> {
    await expect(this.action).toHaveAttribute('data-state', 'ready');
    await this.dryRunButton.click();
    await expect(this.plan).toHaveAttribute('data-state', 'complete', { timeout });
    await expect(this.plan.getByTestId('bulk-plan-table-wrap')).toHaveAttribute('data-state', 'ready');
  }

  /** A total of the plan as its chip shows it (absent chips are 0). */
  planChip(outcome: PlanOutcome): Locator {
    return this.plan.getByTestId(`bulk-plan-chips-${outcome}`);
  }

  /** The plan's totals, from its chips' data-count (an outcome with nothing has no chip). */
  async planTotals(): Promise<Partial<Record<PlanOutcome, number>>> {
    return this.plan
      .getByTestId('bulk-plan-chips')
      .locator('[data-outcome]')
      .evaluateAll((chips) => Object.fromEntries(chips.map((c) => [c.getAttribute('data-outcome')!, Number(c.getAttribute('data-count'))])));
  }

  /** Shows only the plan rows of one outcome (the chip toggles) and waits for them. */
  async showPlanOutcome(outcome: PlanOutcome): Promise<void> {
    await this.planChip(outcome).click();
    await expect(this.planChip(outcome)).toHaveAttribute('aria-pressed', 'true');
    await expect(this.planRows.first()).toHaveAttribute('data-outcome', outcome);
  }

  /** Selects a plan row and waits for its exact request and diff. */
  async openPlanRow(row: Locator): Promise<void> {
    const index = await row.getAttribute('data-index');
    await row.click();
    await expect(this.planItem).toHaveAttribute('data-index', index!);
    await expect(this.planItem).toHaveAttribute('data-state', 'ready');
  }

  /** The selected plan item's request body, as the JSON view holds it. */
  async planItemBody(): Promise<unknown> {
    const box = this.planItem.getByTestId('bulk-plan-item-body');
    await expect(box).toHaveAttribute('data-state', 'ready');
    return JSON.parse(await codeText(codeInput(box)));
  }

  /** Opens the send confirmation. */
  async openSend(): Promise<void> {
    await this.sendButton.click();
    await expect(this.sendDialog).toBeVisible();
  }

  /** Confirms the send (typing the count first when asked) and waits for the results to appear. */
  async confirmSend(typedCount?: string): Promise<void> {
    if (typedCount !== undefined) await this.sendCount.fill(typedCount);
    await this.sendConfirm.click();
    await expect(this.sendDialog).toHaveCount(0);
    await expect(this.results).toBeVisible();
  }

  resultChip(outcome: SendOutcome): Locator {
    return this.results.getByTestId(`bulk-results-chips-${outcome}`);
  }

  /** The send's counts per outcome, from its chips (an outcome with nothing has no chip). */
  async resultCounts(): Promise<Partial<Record<SendOutcome, number>>> {
    return this.results
      .getByTestId('bulk-results-chips')
      .locator('[data-outcome]')
      .evaluateAll((chips) => Object.fromEntries(chips.map((c) => [c.getAttribute('data-outcome')!, Number(c.getAttribute('data-count'))])));
  }

  /**
   * Waits until the results' chips show exactly these counts (outcomes left out: none). The chips follow
   * the job as it moves, so they may lag its state by a read.
   */
  async expectCounts(expected: Partial<Record<SendOutcome, number>>): Promise<void> {
    await expect.poll(async () => ((await this.results.getAttribute('data-counts')) === 'current' ? this.resultCounts() : null)).toEqual(expected);
  }

  /** Waits on the send job's state as the results section shows it. */
  async waitForSend(state: string | RegExp, timeout = 60_000): Promise<void> {
    await expect(this.results).toHaveAttribute('data-state', state, { timeout });
  }

  /** Export results CSV: in the web shell, a download. */
  async exportResults(): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.results.getByTestId('bulk-results-export').click();
    return downloading;
  }

  /** Undo this job: a new plan (a dry run of the reverse changes), waited for until complete. */
  async undo(timeout = 60_000): Promise<string> {
    const before = await this.plan.getAttribute('data-job-id');
    await this.results.getByTestId('bulk-undo').click();
    await expect(this.plan).not.toHaveAttribute('data-job-id', before ?? '');
    await expect(this.plan).toHaveAttribute('data-state', 'complete', { timeout });
    return (await this.plan.getAttribute('data-job-id'))!;
  }
}
