/**
 * inspector.open-5mb.ms for bench/browser.ts: the click on an exchange whose response body is ~5 MB
 * → the body view (a CodeMirror JsonView) showing its first lines, pretty-printed.
 *
 * The body is made once through the request console: two of the demo's big groups in one list
 * (GET /Groups?filter=displayName eq "Office - New York" or displayName eq "People Managers"), about
 * 5.0 MB of JSON with 100,000 users, under the journal's 5 MiB cap, so it is kept whole and parses.
 * (A page of users tops out at 1,000 of them, 2.8 MB.) Each run is a fresh load of the app on the
 * Inspector, so what is timed is cold: fetching the 5 MB entry through the bridge, parsing and indenting
 * it, loading the CodeMirror chunk, and drawing. Timed in the page, from the click event's timeStamp to
 * the frame after the view says data-state="ready" with a line in view.
 */
import type { Page } from '@playwright/test';
import { InspectorPage } from '../e2e/pages/inspector-page';

const GROUPS_FILTER = 'displayName eq "Office - New York" or displayName eq "People Managers"';
const MIN_BYTES = 4_500_000;

const bodyText = (id: string) => `[data-testid="inspector-detail"][data-id="${id}"] [data-testid="inspector-response-body-text"]`;

/** Sends the big request through the console; returns the new exchange's id and its body's size as shown. */
export async function makeBigExchange(page: Page, timeout: number): Promise<{ id: string; size: string }> {
  await page.getByTestId('nav-inspector').click();
  const inspector = new InspectorPage(page);
  await page.locator('[data-testid="screen-inspector"][data-state="ready"]').waitFor({ timeout });
  await inspector.root.getByTestId('inspector-console-open').click();
  await inspector.console.getByTestId('console-path').fill('/Groups');
  await inspector.setConsoleQuery('count', '2');
  const query = inspector.console.getByTestId('console-query');
  await query.getByRole('button', { name: 'Add query parameter' }).click();
  const row = query.locator('.inspector-pair').last();
  await row.locator('input').first().fill('filter');
  await row.locator('input').nth(1).fill(GROUPS_FILTER);
  await inspector.console.getByTestId('console-send').click();
  // The answer opens in the detail once it is journaled.
  await page.locator('[data-testid="inspector-detail"][data-state="ready"]').waitFor({ timeout });
  const id = (await inspector.detail.getAttribute('data-id')) ?? '';
  await page.locator(`${bodyText(id)}[data-state="ready"]`).waitFor({ timeout });
  const body = inspector.detail.getByTestId('inspector-response-body');
  if ((await body.getByTestId('inspector-response-body-truncated').count()) > 0) throw new Error('the journal cut the big body: it is over its cap');
  // "4.8 MB · application/scim+json" (binary units, as formatBytes writes them)
  const size = ((await body.locator('.inspector-body-head .muted').first().textContent()) ?? '').split(' · ')[0]!;
  const bytes = Number(/([\d.]+) MB/.exec(size)?.[1] ?? 0) * 1024 * 1024;
  if (bytes < MIN_BYTES) throw new Error(`the big body is only "${size}"; expected about 5 MB`);
  return { id, size };
}

/** On the Inspector of a freshly loaded app: clicks the exchange's row, returns ms until its body is drawn. */
export async function timeOpenBody(page: Page, id: string, timeout: number): Promise<number> {
  const row = page.locator(`[data-testid="inspector-row"][data-id="${id}"]`);
  await row.waitFor({ state: 'visible', timeout });
  await page.evaluate(
    ({ rowSelector, viewSelector }) => {
      const w = window as unknown as { __openBody?: Promise<number> };
      w.__openBody = new Promise<number>((resolve, reject) => {
        const target = document.querySelector(rowSelector);
        if (!target) return reject(new Error('no row'));
        let clickedAt: number | null = null;
        target.addEventListener('click', (event) => (clickedAt = event.timeStamp), { capture: true, once: true });
        const check = () => {
          const line = document.querySelector(`${viewSelector}[data-state="ready"] .cm-line`);
          if (clickedAt === null || !line || !line.checkVisibility()) return;
          observer.disconnect();
          const started = clickedAt;
          // The frame that shows it: after its rAF callbacks, style, layout and paint.
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
      });
    },
    { rowSelector: `[data-testid="inspector-row"][data-id="${id}"]`, viewSelector: bodyText(id) },
  );
  await row.click();
  return page.evaluate(() => (window as unknown as { __openBody: Promise<number> }).__openBody);
}
