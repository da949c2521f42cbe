import { expect, type Locator, type Page } from '@playwright/test';
import { codeInput, codeText } from './code-editor';

/** The resource detail panel (form, JSON, edit, review, conflict) and the create editor. */
export class DetailPage {
  readonly root: Locator;
  readonly create: Locator;
  readonly preview: Locator;
  readonly storedDiff: Locator;
  /** The JSON editor's editable element (read it with codeText). */
  readonly jsonEditor: Locator;
  /** The create panel's JSON editor, likewise. */
  readonly createJson: Locator;
  readonly jsonError: Locator;
  readonly writeError: Locator;
  readonly conflict: Locator;
  readonly activeState: Locator;
  readonly readOnlyReason: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('resource-detail');
    this.create = page.getByTestId('resource-create');
    this.preview = this.root.getByTestId('patch-preview');
    this.storedDiff = this.root.getByTestId('stored-diff');
    this.jsonEditor = codeInput(this.root.getByTestId('json-editor'));
    this.createJson = codeInput(this.create.getByTestId('json-editor'));
    this.jsonError = this.root.getByTestId('json-error');
    this.writeError = this.root.getByTestId('write-error');
    this.conflict = this.root.getByTestId('conflict');
    this.activeState = this.root.getByTestId('active-state');
    this.readOnlyReason = this.root.getByTestId('read-only-reason');
    this.confirmDialog = page.getByTestId('confirm-dialog');
  }

  button(name: string | RegExp): Locator {
    return this.root.getByRole('button', { name, exact: typeof name === 'string' });
  }

  tab(name: 'Form' | 'JSON'): Locator {
    return this.root.getByRole('tab', { name });
  }

  field(path: string): Locator {
    return this.root.getByLabel(path, { exact: true });
  }

  /** The Form tab's "Raw JSON (as received)", opened and read whole. */
  async rawJson(): Promise<string> {
    const raw = this.root.locator('details').filter({ hasText: 'Raw JSON (as received)' });
    if ((await raw.getAttribute('open')) === null) await raw.locator('summary').click();
    return codeText(codeInput(raw.getByTestId('resource-json')));
  }

  /** Waits for the fresh read (scim.get) to arrive. */
  async waitLoaded(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'view');
  }

  async edit(): Promise<void> {
    await this.button('Edit').click();
    await expect(this.root).toHaveAttribute('data-state', 'edit');
  }

  async review(): Promise<void> {
    await this.button('Review changes').click();
    await expect(this.root).toHaveAttribute('data-state', 'review');
    await expect(this.preview).toBeVisible();
  }

  async send(): Promise<void> {
    await this.button('Send').click();
  }

  async waitSent(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'sent');
  }
}
