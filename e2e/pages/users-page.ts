import { expect, type Locator, type Page } from '@playwright/test';

export class UsersPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly range: Locator;
  readonly quirks: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-users');
    this.rows = page.getByTestId('user-row');
    this.range = page.getByTestId('users-range');
    this.quirks = page.getByTestId('users-quirks');
  }

  async waitLoaded(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', /^(ready|empty|error)$/);
  }

  async nextPage(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next' }).click();
    await this.waitLoaded();
  }
}
