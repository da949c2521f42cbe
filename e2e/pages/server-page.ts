import { expect, type Download, type Locator, type Page } from '@playwright/test';

export type ServerTab = 'check' | 'discovery' | 'quirks';
export type ReportFormat = 'markdown' | 'html' | 'json' | 'har';
export type VerdictName = 'pass' | 'warn' | 'fail' | 'unsupported' | 'ignored' | 'skipped';

/** The Server screen (nav, Alt+8): the check and its report, the discovery tree, the quirks. */
export class ServerPage {
  readonly root: Locator;
  readonly check: Locator;
  readonly checkRows: Locator;
  readonly readiness: Locator;
  readonly discovery: Locator;
  readonly quirks: Locator;
  /** "Include write checks". */
  readonly writesOption: Locator;
  /** The line under the controls saying what the next run does to the server (or why write checks cannot be chosen). */
  readonly modeNote: Locator;
  /** The confirmation a check with writes asks for (its body, inside the app's confirm dialog). */
  readonly writeConfirm: Locator;
  /** What the write checks would create, as the confirmation lists it. */
  readonly writePlan: Locator;
  /** What a write check could not remove (shown only when there is some). */
  readonly leftovers: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-server');
    this.check = this.root.getByTestId('server-check');
    this.checkRows = this.check.getByTestId('check-row');
    this.readiness = this.check.getByTestId('check-readiness-profile');
    this.discovery = this.root.getByTestId('server-discovery');
    this.quirks = this.root.getByTestId('server-quirks');
    this.writesOption = this.check.getByTestId('check-writes');
    this.modeNote = this.check.getByTestId('check-mode-note');
    this.writeConfirm = page.getByTestId('confirm-dialog').filter({ has: page.getByTestId('write-check-confirm') });
    this.writePlan = this.writeConfirm.getByTestId('write-plan-item');
    this.leftovers = this.check.getByTestId('check-leftovers');
  }

  async tab(tab: ServerTab): Promise<void> {
    await this.root.getByTestId(`server-tab-${tab}`).click();
    await expect(this.root.getByTestId(`server-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  }

  /** Ticks exactly these profiles (the others unticked). */
  async chooseProfiles(profiles: readonly string[]): Promise<void> {
    const boxes = this.check.getByTestId('check-profiles').getByRole('checkbox');
    // Tick first, then untick: the last profile ticked cannot be unticked.
    for (const profile of profiles) await this.check.locator(`input[data-profile="${profile}"]`).check();
    for (const box of await boxes.all()) {
      if (!profiles.includes((await box.getAttribute('data-profile'))!)) await box.uncheck();
    }
  }

  /** Run check (or Run again); resolves once the run has started. */
  async run(): Promise<void> {
    const view = this.check.getByTestId('check-run-view');
    const jobId = async () => ((await view.count()) === 0 ? null : view.getAttribute('data-job-id'));
    const before = await jobId();
    await this.check.getByTestId('check-run').click();
    await expect.poll(async () => (await jobId()) ?? before).not.toBe(before);
  }

  /** Ticks "Include write checks" and presses Run: the confirmation opens; resolves with its run id and the names it lists. */
  async openWriteConfirm(): Promise<{ runId: string; names: string[] }> {
    await this.writesOption.check();
    await this.check.getByTestId('check-run').click();
    await expect(this.writeConfirm).toBeVisible();
    const runId = (await this.writeConfirm.getByTestId('write-check-confirm').getAttribute('data-run-id'))!;
    const names = await this.writePlan.evaluateAll((items) => items.map((item) => item.getAttribute('data-name')!));
    return { runId, names };
  }

  /** Confirms the write check; resolves once its job has started. */
  async confirmWrites(): Promise<void> {
    const view = this.check.getByTestId('check-run-view');
    const before = (await view.count()) === 0 ? null : await view.getAttribute('data-job-id');
    await this.writeConfirm.getByRole('button', { name: 'Run with writes' }).click();
    await expect(this.writeConfirm).toHaveCount(0);
    await expect.poll(async () => ((await view.count()) === 0 ? before : view.getAttribute('data-job-id'))).not.toBe(before);
  }

  /** Waits until the check job has this state and, once ended, its final report is on screen. */
  async waitFor(state: string | RegExp, timeout = 60_000): Promise<void> {
    await expect(this.check).toHaveAttribute('data-state', state, { timeout });
    if (typeof state === 'string' && ['succeeded', 'failed', 'cancelled'].includes(state)) {
      await expect(this.check).toHaveAttribute('data-report', 'final', { timeout });
    }
  }

  /** Opens a schema of the discovery tree by name (User, Group, EnterpriseUser…). */
  async openSchema(name: string): Promise<Locator> {
    const node = this.discovery.getByTestId('server-schema').filter({ has: this.page.locator('.schema-name', { hasText: new RegExp(`^${name}$`) }) });
    const toggle = node.getByRole('button').first();
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    return node;
  }

  row(checkId: string): Locator {
    return this.check.locator(`[data-testid="check-row"][data-check-id="${checkId}"]`);
  }

  verdictFilter(verdict: VerdictName): Locator {
    return this.check.getByTestId(`verdict-filter-${verdict}`);
  }

  /** The count a verdict's filter toggle shows (0 when it is not shown). */
  async verdictCount(verdict: VerdictName): Promise<number> {
    const toggle = this.verdictFilter(verdict);
    return (await toggle.count()) === 0 ? 0 : Number(await toggle.getAttribute('data-count'));
  }

  async expand(row: Locator): Promise<Locator> {
    const toggle = row.getByTestId('check-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    return row.getByTestId('check-detail');
  }

  /** Export the report in one format: in the web shell, a download. */
  async export(format: ReportFormat): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.check.getByTestId(`check-export-${format}`).click();
    return downloading;
  }
}
