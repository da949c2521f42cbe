import { expect, test, type Page } from './fixtures';
import { AppPage } from './pages/app-page';
import { codeInput, codeText, fillCode } from './pages/code-editor';
import { FilterPage } from './pages/filter-page';
import { InspectorPage } from './pages/inspector-page';

/** A colour as the page computes it for `value` (e.g. a token, var(--surface-2)), through a probe element. */
function resolvedColor(page: Page, value: string): Promise<string> {
  return page.evaluate((css) => {
    const probe = document.createElement('span');
    probe.style.color = css; // CSSOM, which the CSP allows
    document.body.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, value);
}

/** Records the Escape keydowns that reach the document, and whether anything had claimed them. */
async function watchEscape(page: Page): Promise<() => Promise<boolean[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __escapes: boolean[] };
    w.__escapes = [];
    document.addEventListener('keydown', (event) => event.key === 'Escape' && w.__escapes.push(event.defaultPrevented));
  });
  return () => page.evaluate(() => (window as unknown as { __escapes: boolean[] }).__escapes);
}

test('bodies show in a styled CodeMirror view under the strict CSP, light and dark, with search that Escape closes', async ({ page, shell }) => {
  // Anything the CSP refuses (a <style> element, say) is logged to the console and raised as an event.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective}`)),
  );
  const app = new AppPage(page);
  await app.open(shell.launchUrl);
  await app.userBrowser.waitReady();

  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  await inspector.textFilter.fill('startIndex=');
  await expect(inspector.root).toHaveAttribute('data-search', 'done');
  await inspector.open(inspector.rows.first());
  const view = inspector.detail.getByTestId('inspector-response-body-text');
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(view).toContainText('"totalResults"');
  await expect(view.locator('.cm-lineNumbers')).toBeVisible();
  await expect(view.locator('.cm-foldGutter')).toBeVisible();

  // Styled: CodeMirror's layout rules and the app's theme tokens are in force.
  const gutters = view.locator('.cm-gutters');
  await expect(gutters).toHaveCSS('display', 'flex');
  const key = view.locator('.cm-line span', { hasText: '"totalResults"' });
  await expect(key).toHaveCSS('color', await resolvedColor(page, 'var(--code-key)'));
  const lightGutter = await resolvedColor(page, 'var(--surface-2)');
  await expect(gutters).toHaveCSS('background-color', lightGutter);
  await page.emulateMedia({ colorScheme: 'dark' });
  // The app follows the OS theme through a media-query listener: wait until it has switched.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkGutter = await resolvedColor(page, 'var(--surface-2)');
  expect(darkGutter).not.toBe(lightGutter);
  await expect(gutters).toHaveCSS('background-color', darkGutter);
  await expect(key).toHaveCSS('color', await resolvedColor(page, 'var(--code-key)'));

  // Ctrl/Cmd-F searches the read-only view; Escape closes the search and goes no further.
  const escapes = await watchEscape(page);
  await codeInput(view).focus();
  await page.keyboard.press('ControlOrMeta+f');
  const panel = view.locator('.cm-search');
  await expect(panel).toBeVisible();
  await page.keyboard.type('totalResults');
  await page.keyboard.press('Enter');
  await expect(view.locator('.cm-searchMatch').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  expect(await escapes()).toEqual([]);

  expect(violations).toEqual([]);
});

test('the console body editor marks a JSON error where it is, undoes, lets Tab leave and Escape through', async ({ app, page }) => {
  await app.userBrowser.waitReady();
  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  await inspector.root.getByTestId('inspector-console-open').click();
  await inspector.console.getByTestId('console-method').selectOption('POST');
  const body = codeInput(inspector.console.getByTestId('console-body'));

  await fillCode(body, '{\n  "userName": "x",\n  "active": tru\n}');
  // The linter marks the token where the JSON breaks (on its line, not at the start of the text).
  const mark = body.locator('.cm-lintRange-error');
  await expect(mark).toHaveText('tru');
  await expect(mark.locator('xpath=ancestor::*[contains(@class, "cm-line")]')).toHaveText('  "active": tru');
  await body.press('ControlOrMeta+z');
  await body.press('ControlOrMeta+z');
  await expect.poll(() => codeText(body)).toBe('');
  await fillCode(body, '{ "userName": "x" }');
  await expect(body).toHaveText('{ "userName": "x" }');
  await expect(mark).toHaveCount(0);

  // Escape with text selected is not the editor's: it reaches the app unclaimed.
  const escapes = await watchEscape(page);
  await body.press('ControlOrMeta+a');
  await body.press('Escape');
  expect(await escapes()).toEqual([false]);

  // Tab moves on to the next control and types nothing.
  await body.press('Tab');
  expect(await body.evaluate((content) => content.contains(document.activeElement))).toBe(false);
  await expect.poll(() => codeText(body)).toBe('{ "userName": "x" }');
});

test('the filter text completes attribute names from the schema, and Enter runs it', async ({ app, page }) => {
  await app.goTo('filter');
  const filter = new FilterPage(page);
  await filter.waitReady();
  await fillCode(filter.textBox, 'userName sw "a" and ');
  await filter.textBox.pressSequentially('act');
  const list = page.locator('.cm-tooltip-autocomplete');
  // Picked with the mouse: Enter right after the list opens is taken as Run (CodeMirror's interaction delay).
  await list.getByRole('option', { name: /^active/ }).click();
  await expect(list).toHaveCount(0);
  await expect.poll(() => codeText(filter.textBox)).toBe('userName sw "a" and active');
  // Incomplete: marked at the end; Enter does not run it.
  await expect(filter.text).toHaveAttribute('data-state', 'invalid');
  await expect(filter.errorMark).toHaveAttribute('data-start', '26');
  await filter.textBox.press('End');
  await filter.textBox.pressSequentially(' eq true');
  await expect(filter.text).toHaveAttribute('data-state', 'valid');
  await filter.textBox.press('Enter');
  await expect(filter.results).toHaveAttribute('data-state', 'ready');
  await expect(filter.history.first()).toContainText('userName sw "a" and active eq true');
});
