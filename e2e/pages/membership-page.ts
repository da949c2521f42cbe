import { expect, type Locator } from '@playwright/test';
import type { DetailPage } from './detail-page';

/** The Members tab of a group and the Groups tab of a user: list, picker, change review. */
export class MembershipPage {
  readonly list: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly addButton: Locator;
  readonly removeButton: Locator;
  readonly range: Locator;
  readonly picker: Locator;
  readonly review: Locator;
  readonly result: Locator;

  constructor(
    readonly detail: DetailPage,
    readonly side: 'group' | 'user',
  ) {
    const root = detail.root;
    this.list = root.getByTestId(side === 'group' ? 'group-members' : 'user-groups');
    this.rows = this.list.getByTestId('membership-row');
    this.search = this.list.getByTestId('membership-search');
    this.addButton = this.list.getByTestId('membership-add');
    this.removeButton = this.list.getByTestId('membership-remove');
    this.range = this.list.getByTestId('membership-range');
    this.picker = root.getByTestId('member-picker');
    this.review = root.getByTestId('membership-review');
    this.result = root.getByTestId('membership-result');
  }

  /** Opens the tab and waits for the list to be read. */
  async open(): Promise<void> {
    await this.detail.root.getByTestId('detail-tab-membership').click();
    await expect(this.list).toHaveAttribute('data-state', 'ready');
  }

  row(name: string | RegExp): Locator {
    return this.rows.filter({ hasText: name });
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.list).toHaveAttribute('data-state', 'ready');
  }

  /** Searches the picker and ticks the first `count` selectable results; returns their names. */
  async pick(query: string, count: number): Promise<string[]> {
    await this.addButton.click();
    await expect(this.picker).toBeVisible();
    await this.picker.getByTestId('picker-search').fill(query);
    await expect(this.picker).toHaveAttribute('data-state', 'ready');
    const options = this.picker.getByTestId('picker-option').filter({ has: this.picker.page().locator('input:not([disabled])') });
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const option = options.nth(i);
      names.push((await option.locator('.picker-name').textContent()) ?? '');
      await option.locator('input').check();
    }
    await this.picker.getByTestId('picker-confirm').click();
    await expect(this.review).toHaveAttribute('data-state', 'review');
    return names;
  }

  /** Sends the reviewed change and waits for the read-back; returns the result's state. */
  async sendAndVerify(): Promise<void> {
    await this.review.getByTestId('membership-send').click();
    await expect(this.review).toHaveAttribute('data-state', 'done');
    await expect(this.result).toHaveAttribute('data-state', 'verified');
    await expect(this.result).toContainText(/server stored exactly what was asked/i);
  }

  async done(): Promise<void> {
    await this.review.getByTestId('membership-done').click();
    await expect(this.list).toHaveAttribute('data-state', 'ready');
  }
}
