import { expect, test } from './fixtures';
import { codeText } from './pages/code-editor';
import { FilterPage } from './pages/filter-page';

test('builds userName sw "a" and active eq true in the tree, shows the text and URL, and runs it', async ({ app, page }) => {
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await expect(filter.results).toHaveAttribute('data-state', 'idle');
  await expect(filter.rootGroup.getByTestId('filter-group-empty')).toBeVisible();

  await filter.addCondition('userName', 'sw', 'a');
  const active = await filter.addCondition('active', 'eq', 'true');
  // Operators follow the attribute's type: no substring operators on a boolean.
  await expect(active.getByTestId('condition-op').locator('option[value="co"]')).toHaveCount(0);
  await expect(active.getByTestId('condition-op').locator('option[value="ne"]')).toHaveCount(1);

  await expect.poll(() => codeText(filter.textBox)).toBe('userName sw "a" and active eq true');
  await expect(filter.url).toHaveText(/\/Users\?startIndex=1&count=50&filter=userName\+sw\+%22a%22\+and\+active\+eq\+true$/);
  await expect(filter.problems).toHaveCount(0);
  // Nothing is known of this server yet: a note (not a warning) says which terms have not been seen working.
  await expect(filter.warning('learned.unseen')).toHaveText('Not seen working on this server yet: "and", "userName sw", "active eq".');

  await filter.run();
  await expect(filter.results).toHaveAttribute('data-state', 'ready');
  await expect(filter.total).toHaveText(/^[\d,]+ total, first \d+ shown$/);
  await expect(filter.resultRows.first()).toContainText(/^1a/i);
  await expect(filter.ignored).toHaveCount(0);
  // The server applied it: every term is now seen working, and the note goes.
  await expect(filter.warnings).toHaveCount(0);
  // The run is in the history.
  await expect(filter.history.first()).toContainText('userName sw "a" and active eq true');

  // Editing the text drives the tree.
  await filter.typeFilter('userName sw "a" or emails[type eq "work"]');
  await expect(filter.rootGroup).toHaveAttribute('data-op', 'or');
  await expect(filter.builder.getByTestId('filter-valuepath')).toHaveCount(1);
  await expect(filter.conditions).toHaveCount(2);

  // Leaving the screen and coming back keeps what was being built.
  await app.goTo('users');
  await app.goTo('filter');
  await expect.poll(() => codeText(filter.textBox)).toBe('userName sw "a" or emails[type eq "work"]');
});

test('a broken filter in the text shows where it breaks and what was expected', async ({ app, page }) => {
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await filter.typeFilter('userName sw "a" and active zz true');
  await expect(filter.text).toHaveAttribute('data-state', 'invalid');
  await expect(filter.parseError).toHaveAttribute('data-position', '27');
  await expect(filter.parseError).toContainText('Expected comparison operator, "pr" or "[" at position 27, found "zz"');
  await expect(filter.errorMark).toHaveText('zz');
  await expect(filter.errorMark).toHaveAttribute('data-start', '27');
  await expect(filter.runButton).toBeDisabled();
  // The tree keeps the last filter that parsed (here: the first condition, typed before the error).
  await expect(filter.builder).toHaveAttribute('data-state', 'stale');

  await filter.typeFilter('userName sw "a" and active eq true');
  await expect(filter.text).toHaveAttribute('data-state', 'valid');
  await expect(filter.parseError).toHaveCount(0);
  await expect(filter.conditions).toHaveCount(2);
  await expect(filter.runButton).toBeEnabled();
  // Ctrl+Enter in the text runs it.
  await filter.textBox.press('Control+Enter');
  await expect(filter.results).toHaveAttribute('data-state', 'ready');
});

test('warns before sending attributes the schema says cannot be filtered', async ({ app, page }) => {
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await filter.typeFilter('password eq "x" or shoeSize gt 3');
  await expect(filter.warnings.locator('[data-code="attribute.never-returned"]')).toContainText('"password" is never returned');
  await expect(filter.warnings.locator('[data-code="attribute.unknown"]')).toContainText('"shoeSize" is not in the User schema');

  // Another resource type: its own endpoint and schema.
  await filter.resourceType.selectOption({ label: 'Group (/Groups)' });
  await expect(filter.url).toContainText('/Groups?startIndex=1');
  await expect(filter.warnings.locator('[data-code="attribute.unknown"]').first()).toContainText('"password" is not in the Group schema');
  await filter.typeFilter('displayName sw "a"');
  await expect(filter.problems).toHaveCount(0);
  await filter.run();
  await expect(filter.results).toHaveAttribute('data-state', 'ready');
  await expect(filter.results.getByRole('columnheader', { name: 'displayName' })).toBeVisible();
});

test('a saved filter reappears after a reload and loads back into the builder', async ({ app, page }) => {
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await filter.addCondition('userName', 'sw', 'b');
  await expect.poll(() => codeText(filter.textBox)).toBe('userName sw "b"');
  await filter.save('B users');

  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-state', 'ready');
  await filter.waitReady();
  await expect(filter.side).toHaveAttribute('data-state', 'ready');
  await expect(filter.saved).toHaveCount(1);
  await expect(filter.saved.first()).toContainText('B users');
  await expect.poll(() => codeText(filter.textBox)).toBe('');
  await filter.saved.first().getByTestId('filter-load').click();
  await expect.poll(() => codeText(filter.textBox)).toBe('userName sw "b"');
  await expect(filter.conditions).toHaveCount(1);
});

test('on Coginiti, displayName co "x" shows that the server ignored the filter, with the mismatch count', async ({ app, page }) => {
  const coginiti = (await app.switcher.locator('option').allTextContents()).find((o) => /Demo · Coginiti/i.test(o))!;
  expect(coginiti).toBeTruthy();
  await app.selectConnection(coginiti);
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await expect(filter.root).toContainText('Coginiti');
  await filter.typeFilter('displayName co "x"');
  await filter.run();
  await expect(filter.results).toHaveAttribute('data-state', 'ready');
  await expect(filter.ignored).toBeVisible();
  await expect(filter.ignored).toHaveText(/^The server ignored this filter: \d+ of \d+ results on this page do not match it\.$/);
  expect(Number(await filter.ignored.getAttribute('data-mismatches'))).toBeGreaterThan(0);

  // Learned at once: the builder warns before the next run, and marks the operator, without a round trip.
  const ignored = filter.warning('learned.ignored');
  await expect(ignored).toContainText('The server ignores "displayName co"');
  await expect(ignored).toContainText('what it answers is checked here');
  await expect(filter.conditions.first()).toHaveAttribute('data-learned', 'ignored');
  await expect(filter.conditions.first().locator('option[value="co"]')).toHaveAttribute('data-learned', 'ignored');
  // Ignored is not refused: Run stays on.
  await expect(filter.runButton).toBeEnabled();
  await expect(filter.runBlocked).toHaveCount(0);
  // The exchange that showed it opens in the inspector.
  await ignored.getByRole('button', { name: 'Show the exchange' }).click();
  const detail = app.screen('inspector').getByTestId('inspector-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready');
  await expect(detail.getByTestId('inspector-detail-url')).toContainText('filter=displayName');
});

test('on Cortex, a filter the server refused with 400 greys out its operator and is not sent again', async ({ app, page }) => {
  await app.selectConnection('Demo · Cortex');
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await filter.typeFilter('userName sw "a"');
  await expect(filter.warning('learned.unseen')).toContainText('"userName sw"');
  await filter.run();
  await expect(filter.results).toHaveAttribute('data-state', 'error');
  await expect(filter.results.getByTestId('filter-run-error')).toContainText('The server refused this filter.');
  // Retrying would not be sent: the button goes once the refusal is learned.
  await expect(filter.results.getByRole('button', { name: 'Retry' })).toHaveCount(0);

  // The refusal is learned and shown at once: a blocking warning with when and the exchange, Run off with the reason.
  const refused = filter.warning('learned.refused');
  await expect(refused).toContainText(/^Will not be sent: the server refused "userName sw" (at|on) .*\d\d:\d\d\./);
  await expect(refused).toContainText('HTTP 400');
  await expect(filter.runButton).toBeDisabled();
  await expect(filter.runButton).toHaveAttribute('title', /the server refused "userName sw"/);
  await expect(filter.runBlocked).toBeVisible();
  // Ctrl+Enter does not send it either.
  await filter.textBox.press('Control+Enter');
  await expect(filter.results).toHaveAttribute('data-state', 'error');

  // The operator is greyed out for that attribute, with the reason and the exchange.
  const condition = filter.conditions.first();
  await expect(condition).toHaveAttribute('data-learned', 'refused');
  await expect(condition.locator('option[value="sw"]')).toBeDisabled();
  await expect(condition.locator('option[value="sw"]')).toContainText('refused here');
  await expect(condition.locator('option[value="eq"]')).toBeEnabled();
  await expect(condition.getByTestId('condition-refused')).toContainText('Greyed out: this server refused userName sw');

  // What it accepts is offered: eq, with a value, runs.
  await condition.getByTestId('condition-op').selectOption('eq');
  await condition.getByTestId('condition-value').fill('nobody@example.com');
  await expect(filter.warning('learned.refused')).toHaveCount(0);
  await expect(filter.runButton).toBeEnabled();
  await expect(filter.runBlocked).toHaveCount(0);
  // The note stays while the condition is on userName; sw on another attribute was never refused, so it is offered.
  await expect(condition.getByTestId('condition-refused')).toBeVisible();
  const other = await filter.addCondition('name.familyName', 'sw', 'x');
  await expect(other.locator('option[value="sw"]')).toBeEnabled();
  await expect(other.getByTestId('condition-refused')).toHaveCount(0);

  await condition.getByTestId('condition-show-exchange').click();
  const detail = app.screen('inspector').getByTestId('inspector-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready');
  await expect(detail.getByTestId('inspector-detail-url')).toContainText(/filter=userName(\+|%20)sw/);
  await expect(detail).toContainText('400');
});
