import { expect, type Locator, type Page } from '@playwright/test';

/** The raw request inspector: filters, the live exchange list, the detail, the diff and the dialogs. */
export class InspectorPage {
  readonly root: Locator;
  readonly list: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly detail: Locator;
  readonly diff: Locator;
  readonly connectionFilter: Locator;
  readonly methodFilter: Locator;
  readonly statusFilter: Locator;
  readonly textFilter: Locator;
  readonly copiedText: Locator;
  readonly dialog: Locator;
  readonly console: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-inspector');
    this.list = this.root.getByTestId('inspector-list');
    this.rows = this.list.getByTestId('inspector-row');
    this.count = this.root.getByTestId('inspector-count');
    this.detail = this.root.getByTestId('inspector-detail');
    this.diff = this.root.getByTestId('inspector-diff');
    this.connectionFilter = this.root.getByTestId('inspector-filter-connection');
    this.methodFilter = this.root.getByTestId('inspector-filter-method');
    this.statusFilter = this.root.getByTestId('inspector-filter-status');
    this.textFilter = this.root.getByTestId('inspector-filter-text');
    this.copiedText = this.root.getByTestId('inspector-copied-text');
    this.dialog = page.getByTestId('confirm-dialog');
    this.console = this.root.getByTestId('inspector-console');
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  /** "12 of 40 exchanges" → [12, 40]. */
  async counts(): Promise<[shown: number, loaded: number]> {
    const text = (await this.count.textContent()) ?? '';
    const match = /([\d,]+) of ([\d,]+)/.exec(text);
    if (!match) throw new Error(`no count in "${text}"`);
    return [Number(match[1]!.replace(/,/g, '')), Number(match[2]!.replace(/,/g, ''))];
  }

  /** Opens an exchange and waits for its detail. */
  async open(row: Locator): Promise<void> {
    const id = await row.getAttribute('data-id');
    await row.click();
    await expect(this.detail).toHaveAttribute('data-state', 'ready');
    await expect(this.detail).toHaveAttribute('data-id', id!);
  }

  requestHeader(name: string): Locator {
    return this.detail.getByTestId('inspector-request-headers').locator(`tr[data-header="${name}"] td`);
  }

  /** Sets a query parameter's value in the request console (the row must exist). */
  async setConsoleQuery(name: string, value: string): Promise<void> {
    const rows = this.console.getByTestId('console-query').locator('.inspector-pair');
    for (const row of await rows.all()) {
      if ((await row.locator('input').first().inputValue()) === name) {
        await row.locator('input').nth(1).fill(value);
        return;
      }
    }
    throw new Error(`no query parameter ${name} in the console`);
  }

  /** Adds a header row to the request console. */
  async addConsoleHeader(name: string, value: string): Promise<void> {
    const headers = this.console.getByTestId('console-headers');
    await headers.getByRole('button', { name: 'Add header' }).click();
    const row = headers.locator('.inspector-pair').last();
    await row.locator('input').first().fill(name);
    await row.locator('input').nth(1).fill(value);
  }

  async copyAs(kind: 'curl' | 'fetch'): Promise<string> {
    await this.detail.getByTestId(`inspector-copy-${kind}`).click();
    await expect(this.root.getByTestId('inspector-copied')).toHaveAttribute('data-kind', kind);
    return (await this.copiedText.textContent()) ?? '';
  }
}
