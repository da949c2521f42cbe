import { expect, type Locator, type Page } from '@playwright/test';
import { codeInput, fillCode } from './code-editor';

/** The filter builder: text, condition tree, request URL, results, saved filters and history. */
export class FilterPage {
  readonly root: Locator;
  readonly text: Locator;
  /** The filter text's editable element (read it with codeText). */
  readonly textBox: Locator;
  readonly parseError: Locator;
  readonly errorMark: Locator;
  readonly builder: Locator;
  readonly rootGroup: Locator;
  readonly conditions: Locator;
  readonly warnings: Locator;
  /** Warnings proper: not the notes about terms not seen working yet. */
  readonly problems: Locator;
  readonly runBlocked: Locator;
  readonly url: Locator;
  readonly runButton: Locator;
  readonly results: Locator;
  readonly resultRows: Locator;
  readonly total: Locator;
  readonly ignored: Locator;
  readonly resourceType: Locator;
  readonly side: Locator;
  readonly saved: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('screen-filter');
    this.text = this.root.getByTestId('filter-text');
    this.textBox = codeInput(this.root.getByTestId('filter-text-input'));
    this.parseError = this.root.getByTestId('filter-parse-error');
    this.errorMark = this.root.getByTestId('filter-error-mark');
    this.builder = this.root.getByTestId('filter-builder');
    this.rootGroup = this.builder.getByTestId('filter-group').first();
    this.conditions = this.builder.getByTestId('filter-condition');
    this.warnings = this.root.getByTestId('filter-warnings');
    this.problems = this.warnings.locator('li:not([data-severity="note"])');
    this.runBlocked = this.root.getByTestId('filter-run-blocked');
    this.url = this.root.getByTestId('filter-url');
    this.runButton = this.root.getByTestId('filter-run');
    this.results = this.root.getByTestId('filter-results');
    this.resultRows = this.results.getByTestId('filter-result-row');
    this.total = this.results.getByTestId('filter-total');
    this.ignored = this.results.getByTestId('filter-ignored');
    this.resourceType = this.root.getByTestId('filter-resource-type');
    this.side = this.root.getByTestId('saved-filters');
    this.saved = this.side.getByTestId('saved-filter');
    this.history = this.side.getByTestId('history-filter');
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  /** Adds a condition to the top-level group with the picker, operator and value inputs (no filter syntax typed). */
  async addCondition(attribute: string, op: string, value?: string): Promise<Locator> {
    const before = await this.conditions.count();
    await this.rootGroup.getByTestId('add-condition').first().click();
    const condition = this.conditions.nth(before);
    await condition.getByTestId('condition-attribute').selectOption({ label: attribute });
    await condition.getByTestId('condition-op').selectOption(op);
    if (value !== undefined) {
      const input = condition.getByTestId('condition-value');
      if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
      else await input.fill(value);
    }
    return condition;
  }

  /** A warning or note by its code (learned.refused, attribute.unknown, …). */
  warning(code: string): Locator {
    return this.warnings.locator(`[data-code="${code}"]`);
  }

  async typeFilter(text: string): Promise<void> {
    await fillCode(this.textBox, text);
  }

  /** Runs and waits for the answer (results, none, or an error). */
  async run(): Promise<void> {
    await this.runButton.click();
    await expect(this.results).toHaveAttribute('data-state', /^(ready|empty|error)$/);
  }

  async save(name: string): Promise<void> {
    await this.side.getByTestId('filter-save-name').fill(name);
    await this.side.getByTestId('filter-save').click();
    await expect(this.saved.and(this.page.locator(`[data-name="${name}"]`))).toHaveCount(1);
  }
}
