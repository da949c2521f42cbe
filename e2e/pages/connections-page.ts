import { expect, type Locator, type Page } from '@playwright/test';

export interface ConnectionFormValues {
  name?: string;
  baseUrl?: string;
  authType?: 'None' | 'Bearer token' | 'HTTP Basic' | 'Custom header (e.g. API key)' | 'OAuth 2.0 client credentials';
  /** Filled into the secret field, whose label follows the auth type. */
  secret?: { label: string; value: string };
  readOnly?: boolean;
  updateMethod?: 'patch' | 'put';
  timeoutMs?: number;
}

export class ConnectionsPage {
  readonly root: Locator;
  readonly form: Locator;
  readonly items: Locator;
  readonly test: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-connections');
    this.form = page.getByTestId('connection-form');
    this.items = page.getByTestId('connection-item');
    this.test = page.getByTestId('connection-test');
  }

  item(name: string): Locator {
    return this.items.filter({ hasText: name });
  }

  async startNew(): Promise<void> {
    await this.page.getByRole('button', { name: 'New connection' }).click();
    await expect(this.form).toBeVisible();
  }

  async fill(values: ConnectionFormValues): Promise<void> {
    const form = this.form;
    if (values.name !== undefined) await form.getByLabel('Connection name').fill(values.name);
    if (values.baseUrl !== undefined) await form.getByLabel('Base URL').fill(values.baseUrl);
    if (values.authType !== undefined) await form.getByLabel('Authentication type').selectOption({ label: values.authType });
    if (values.secret !== undefined) await form.getByLabel(values.secret.label, { exact: true }).fill(values.secret.value);
    if (values.timeoutMs !== undefined) await form.getByLabel('Timeout (ms)').fill(String(values.timeoutMs));
    if (values.readOnly === true) await form.getByLabel('Read-only mode').setChecked(true);
    if (values.readOnly === false) await this.turnOffReadOnly();
    if (values.updateMethod !== undefined) await form.getByLabel('Send edits as').selectOption(values.updateMethod);
  }

  /** Unticks Read-only mode, confirming the dialog a connection saved read-only asks with (or cancelling it). */
  async turnOffReadOnly(answer: 'confirm' | 'cancel' = 'confirm'): Promise<void> {
    const checkbox = this.form.getByLabel('Read-only mode');
    if (!(await checkbox.isChecked())) return;
    await checkbox.click();
    // Either the dialog asks, or (a connection not saved read-only) the box is simply unticked.
    await expect(this.page.locator('[data-testid="confirm-dialog"], [data-testid="read-only-field"][data-state="off"]').first()).toBeVisible();
    if (await this.dialog.isVisible()) await this.dialog.getByRole('button', { name: answer === 'confirm' ? 'Turn off read-only' : 'Cancel' }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  async runTest(): Promise<Locator> {
    await this.form.getByRole('button', { name: 'Test connection' }).click();
    await expect(this.test).toHaveAttribute('data-state', /^(ok|failed)$/);
    return this.test;
  }

  step(name: string): Locator {
    return this.test.locator(`[data-testid="test-step"][data-step="${name}"]`);
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: /^(Create|Save)$/ }).click();
  }

  fieldError(): Locator {
    return this.form.getByTestId('field-error');
  }

  /** The auth secret field; `data-state` is typed, clear, reenter (saved for another origin), saved or empty. */
  get secretField(): Locator {
    return this.form.getByTestId('secret-field');
  }

  /** The read-only checkbox's field; `data-state` is on or off. */
  get readOnlyField(): Locator {
    return this.form.getByTestId('read-only-field');
  }

  /** The confirmation dialog (outside the form). */
  get dialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }
}
