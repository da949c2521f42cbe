import { expect, type Locator, type Page } from '@playwright/test';
import { codeInput, fillCode } from './code-editor';

/** The PatchOp composer: target picker, operation rows, templates, request, preview, send and result. */
export class PatchPage {
  readonly root: Locator;
  readonly target: Locator;
  readonly picker: Locator;
  readonly ops: Locator;
  readonly request: Locator;
  readonly requestBody: Locator;
  readonly preview: Locator;
  readonly sendButton: Locator;
  readonly sendReason: Locator;
  readonly result: Locator;
  readonly verdict: Locator;
  readonly divergences: Locator;
  /** Values the server computes itself (readOnly, returned always, filled in): listed, not counted. */
  readonly computed: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-patch');
    this.target = this.root.getByTestId('patch-target');
    this.picker = this.root.getByTestId('patch-target-picker');
    this.ops = this.root.getByTestId('patch-op');
    this.request = this.root.getByTestId('patch-request');
    this.requestBody = this.root.getByTestId('patch-request-body');
    this.preview = this.root.getByTestId('patch-preview');
    this.sendButton = this.root.getByTestId('patch-send');
    this.sendReason = this.root.getByTestId('patch-send-reason');
    this.result = this.root.getByTestId('patch-result');
    this.verdict = this.result.getByTestId('patch-verdict');
    this.divergences = this.result.getByTestId('patch-divergence');
    this.computed = this.result.getByTestId('patch-computed-value');
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  /** Chooses the resource type, searches, picks the first result and waits for its fresh read. */
  async pickTarget(type: string | null, query: string, nth = 0): Promise<void> {
    await this.waitReady();
    if (type) await this.picker.getByTestId('patch-type').selectOption(type);
    await this.picker.getByTestId('patch-target-search').fill(query);
    await expect(this.picker).toHaveAttribute('data-state', 'ready');
    await this.picker.getByTestId('patch-target-option').nth(nth).click();
    await expect(this.target).toHaveAttribute('data-state', 'ready');
  }

  op(index: number): Locator {
    return this.ops.nth(index);
  }

  async addOperation(): Promise<Locator> {
    const count = await this.ops.count();
    await this.root.getByTestId('patch-add-op').click();
    await expect(this.ops).toHaveCount(count + 1);
    return this.op(count);
  }

  /** Fills an operation's op and path parts (attribute, filter, sub-attribute, schema URN). */
  async setPath(row: Locator, parts: { op?: 'add' | 'replace' | 'remove'; urn?: string; attr?: string; filter?: string; sub?: string }): Promise<void> {
    if (parts.op) await row.getByTestId('patch-op-select').selectOption(parts.op);
    if (parts.urn !== undefined) await row.getByTestId('patch-path-urn').selectOption(parts.urn);
    if (parts.attr !== undefined) await row.getByTestId('patch-path-attr').fill(parts.attr);
    if (parts.filter !== undefined) await row.getByTestId('patch-path-filter').fill(parts.filter);
    if (parts.sub !== undefined) await row.getByTestId('patch-path-sub').fill(parts.sub);
  }

  async setJsonValue(row: Locator, json: string): Promise<void> {
    await row.getByTestId('patch-value').getByRole('button', { name: 'JSON' }).click();
    await fillCode(codeInput(row.getByTestId('patch-value-json')), json);
  }

  /** Inserts a template that picks users: searches, ticks the first `count` users not already in, confirms. */
  async insertPickingUsers(id: string, query: string, count = 1): Promise<void> {
    await this.template(id).click();
    const picker = this.root.getByTestId('member-picker');
    await picker.getByTestId('picker-search').fill(query);
    await expect(picker).toHaveAttribute('data-state', 'ready');
    const free = picker.getByTestId('picker-option').filter({ has: this.page.locator('input:not([disabled])') });
    for (let i = 0; i < count; i++) await free.nth(i).locator('input').check();
    await picker.getByTestId('picker-confirm').click();
    await expect(picker).toHaveCount(0);
  }

  template(id: string): Locator {
    return this.root.getByTestId(`patch-template-${id}`);
  }

  async dialect(dialect: 'rfc' | 'entra' | 'okta'): Promise<void> {
    await this.request.getByLabel('PATCH dialect').selectOption(dialect);
    await expect(this.request).toHaveAttribute('data-dialect', dialect);
  }

  /** Sends and waits for the result to settle (matched, diverged, unverified or failed). */
  async send(): Promise<string> {
    await this.sendButton.click();
    await expect(this.result).toHaveAttribute('data-state', /^(matched|diverged|unverified|failed)$/);
    return (await this.result.getAttribute('data-state')) ?? '';
  }
}
