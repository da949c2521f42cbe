import { expect, type Locator, type Page } from '@playwright/test';

/** The virtualized resource browser on the Users or Groups screen. */
export class BrowserPage {
  readonly root: Locator;
  readonly table: Locator;
  /** Loaded rows only (placeholders have their own test id). */
  readonly rows: Locator;
  readonly placeholders: Locator;
  readonly range: Locator;
  readonly total: Locator;
  readonly search: Locator;
  readonly rawFilter: Locator;
  readonly detail: Locator;
  readonly filterIgnored: Locator;
  /** The note saying a search was matched here because the server refused or ignored its filter. */
  readonly matchedHere: Locator;
  readonly sortUnsupported: Locator;
  readonly error: Locator;
  /** "Showing the first N of M: why": rows the server cannot serve, explained instead of placeholders. */
  readonly gap: Locator;

  constructor(
    readonly page: Page,
    readonly kind: 'users' | 'groups',
  ) {
    const one = kind === 'users' ? 'user' : 'group';
    this.root = page.getByTestId(`screen-${kind}`);
    this.table = this.root.getByTestId(`${kind}-table`);
    this.rows = this.table.getByTestId(`${one}-row`);
    this.placeholders = this.table.getByTestId('row-placeholder');
    this.range = this.root.getByTestId(`${kind}-range`);
    this.total = this.root.getByTestId(`${kind}-total`);
    this.search = this.root.getByTestId('browser-search');
    this.rawFilter = this.root.getByRole('checkbox', { name: 'Filter' });
    this.detail = this.root.getByTestId('resource-detail');
    this.filterIgnored = this.root.getByTestId('filter-ignored');
    this.matchedHere = this.root.getByTestId('filter-matched-here');
    this.sortUnsupported = this.root.getByTestId('sort-unsupported');
    this.error = this.root.getByTestId('browser-error');
    this.gap = this.root.getByTestId('browser-gap');
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  /** The loaded row at a 1-based position in the whole result set. */
  row(position: number): Locator {
    return this.rows.and(this.table.locator(`[data-index="${position}"]`));
  }

  /** The cells of the loaded row at a 1-based position, the # column first. */
  cells(position: number): Locator {
    return this.row(position).getByRole('gridcell');
  }

  header(label: string): Locator {
    return this.table.getByRole('columnheader', { name: label, exact: true });
  }

  async sortBy(label: string): Promise<void> {
    await this.header(label).getByRole('button').click();
  }

  async scrollToBottom(): Promise<void> {
    await this.table.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  }

  /** Types into the search box (debounced by the app) and waits for the new results. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.root).toHaveAttribute('data-state', /^(ready|empty|error)$/);
  }
}
