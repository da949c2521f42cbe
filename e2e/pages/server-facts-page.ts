import { expect, type Locator, type Page } from '@playwright/test';

/** The dialog the status bar's quirk count opens: what the server does differently, learned facts first. */
export class ServerFactsPage {
  readonly root: Locator;
  readonly facts: Locator;
  readonly empty: Locator;
  readonly quirks: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('server-facts');
    this.facts = this.root.getByTestId('learned-fact');
    this.empty = this.root.getByTestId('learned-empty');
    this.quirks = this.root.getByTestId('quirk');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('status-quirks').click();
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  fact(subject: string): Locator {
    return this.facts.filter({ has: this.page.locator('code', { hasText: subject }) });
  }

  async forget(): Promise<void> {
    await this.root.getByTestId('forget-learned').click();
    await this.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Forget' }).click();
    await expect(this.empty).toBeVisible();
  }

  async close(): Promise<void> {
    await this.root.getByRole('button', { name: 'Close' }).click();
    await expect(this.root).toHaveCount(0);
  }
}
