/**
 * Users browser benchmark: the virtualized Users table of the web shell, on a 100,000-user demo server.
 *
 *   npx tsx bench/browser.ts        (alone; also run at the end of `npm run bench`)
 *
 * Serves the built renderer (dist/renderer: run `npm run build:renderer` after changing it), starts the web
 * shell with `--demo-users 100000` and drives Debian's Chromium (/usr/bin/chromium, never a downloaded
 * browser) through Playwright. It measures:
 *   users.first-rows.ms        the click on the Users nav item → the first user-row in the DOM and visible.
 *                              The page opens on Connections (#/connections), so the Users screen was never
 *                              mounted and none of its pages are cached; the status bar has already discovered
 *                              the connection, so the server's capabilities ARE cached: what is timed is
 *                              mounting the browser, fetching page 1 through the bridge and rendering it.
 *                              Timed in the page (the click event's timeStamp → a MutationObserver seeing the
 *                              row, both on the performance.now() clock); median of FIRST_ROWS_RUNS fresh loads.
 *   users.scroll.p95-frame.ms  the table scrolled from the top to the last row, SCROLL_STEPS equal jumps of
 *                              scrollTop, one per animation frame (a fast fling / scrollbar drag, bounded to
 *                              ~30 s); the 95th percentile of requestAnimationFrame intervals. Pages are
 *                              fetched as rows come into view, as for a user; the last row (100,000) must
 *                              then be loaded and rendered.
 *   users.heap.mb              right after that scroll: window.gc() (--js-flags=--expose-gc), then
 *                              performance.memory.usedJSHeapSize (precise with --enable-precise-memory-info).
 *   inspector.open-5mb.ms      the click on an exchange whose response body is ~5 MB → its pretty-printed body
 *                              view drawn; each run a fresh load on the Inspector, median of OPEN_BODY_RUNS
 *                              (see bench/inspector-body.ts for how the body is made and what is timed).
 * A measurement, not a test: it exits 0 whether or not the targets are met (but fails if it cannot measure).
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startShell, type WebShellProcess } from '../e2e/fixtures';
import { chromiumArgs } from '../playwright.config';
import { makeBigExchange, timeOpenBody } from './inspector-body';

const USERS = 100_000;
const FIRST_ROWS_RUNS = 5;
const SCROLL_STEPS = 1_500;
const TARGET_FIRST_ROWS_MS = 500;
const TARGET_P95_FRAME_MS = 20;
const TARGET_HEAP_MB = 200;
const OPEN_BODY_RUNS = 5;
const TARGET_OPEN_BODY_MS = 500;
const TIMEOUT_MS = 60_000;

const ROW = '[data-testid="screen-users"] [data-testid="user-row"]';

/** Opens the app on the Connections screen and waits until it is ready and the capabilities are cached. */
async function openOnConnections(page: Page, launchUrl: string): Promise<void> {
  await page.goto(`${launchUrl}#/connections`);
  try {
    await page.waitForFunction(() => document.getElementById('root')?.dataset.state === 'ready', undefined, { timeout: TIMEOUT_MS });
  } catch (error) {
    const seen = await page
      .evaluate(
        () => `url ${location.href}, #root data-state ${document.getElementById('root')?.dataset.state ?? '(none)'}: ${document.body.innerText.slice(0, 300)}`,
      )
      .catch(() => '');
    throw new Error(`the app did not get ready (${seen})`, { cause: error });
  }
  await page.getByTestId('screen-connections').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  // The status bar discovers the active connection: once it shows a summary, capabilities are in the cache.
  await page.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid="status-capabilities"]')?.textContent ?? '';
      return text !== '' && !/discovering|unknown/.test(text);
    },
    undefined,
    { timeout: TIMEOUT_MS },
  );
  if ((await page.locator(ROW).count()) !== 0) throw new Error('the Users screen is already rendered: the page did not open on Connections');
}

/** Clicks the Users nav item (a real Playwright click) and returns the in-page time until the first row shows. */
async function timeFirstRows(page: Page): Promise<number> {
  await page.evaluate((selector) => {
    const w = window as unknown as { __firstRows?: Promise<number> };
    w.__firstRows = new Promise<number>((resolve, reject) => {
      let clickedAt: number | null = null;
      const nav = document.querySelector('[data-testid="nav-users"]');
      if (!nav) return reject(new Error('no nav-users'));
      nav.addEventListener('click', (event) => (clickedAt = event.timeStamp), { capture: true, once: true });
      const check = () => {
        const row = document.querySelector(selector);
        if (clickedAt === null || !row || !row.checkVisibility()) return;
        const rect = row.getBoundingClientRect();
        if (rect.height === 0 || rect.bottom <= 0 || rect.top >= innerHeight) return;
        observer.disconnect();
        resolve(performance.now() - clickedAt);
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'class', 'style'] });
    });
  }, ROW);
  await page.getByTestId('nav-users').click();
  return page.evaluate(() => (window as unknown as { __firstRows: Promise<number> }).__firstRows);
}

/** Scrolls the table to the bottom, one jump per frame, and returns the frame intervals. */
async function scrollThrough(page: Page): Promise<number[]> {
  return page.evaluate(async (steps) => {
    const el = document.querySelector<HTMLElement>('[data-testid="users-table"]');
    if (!el) throw new Error('no users-table');
    const bottom = () => el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
    const step = Math.max(el.clientHeight, Math.ceil((el.scrollHeight - el.clientHeight) / steps));
    const frames: number[] = [];
    await new Promise<void>((resolve) => {
      let last = 0;
      let settle = 10; // a few frames at the bottom, so the last jump's work is measured too
      const tick = (now: number) => {
        if (last) frames.push(now - last);
        last = now;
        if (bottom()) settle--;
        else el.scrollTop += step;
        if (settle > 0) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    return frames;
  }, SCROLL_STEPS);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export async function runBrowserBench(): Promise<void> {
  // startShell runs electron/web/cli.ts relative to the working directory: the repository root.
  process.chdir(fileURLToPath(new URL('..', import.meta.url)));
  let shell: WebShellProcess | null = null;
  let browser: Browser | null = null;
  try {
    const started = performance.now();
    shell = await startShell({ demoUsers: USERS });
    console.error(`bench: web shell with ${USERS.toLocaleString('en-US')} demo users ready in ${Math.round(performance.now() - started)} ms`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // tsx compiles this file with esbuild's keepNames, which wraps the named functions inside the
    // page.evaluate callbacks in __name(…): give the page that helper.
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    const page = await context.newPage();

    // 1. First rows: each run a fresh load on Connections, then a click on Users.
    const firstRows: number[] = [];
    for (let run = 0; run < FIRST_ROWS_RUNS; run++) {
      // A launch link works once: each fresh load after the first asks the shell for a new one.
      await openOnConnections(page, run === 0 ? shell.launchUrl : await shell.newLaunchUrl());
      firstRows.push(await timeFirstRows(page));
    }
    console.error(`bench: first rows ${firstRows.map((ms) => Math.round(ms)).join(', ')} ms`);
    await page.locator('[data-testid="screen-users"][data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
    const totalText = (await page.getByTestId('users-total').textContent()) ?? '';
    if (totalText !== `${USERS.toLocaleString('en-US')} users`) throw new Error(`the Users screen says "${totalText}", expected ${USERS} users`);

    // 2. Scroll from the top to the last row.
    const scrollStarted = performance.now();
    const frames = await scrollThrough(page);
    const last = page.locator(`${ROW}[data-index="${USERS}"]`);
    await last.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    const lastText = (await last.textContent()) ?? '';
    if (!lastText.startsWith(USERS.toLocaleString('en-US')) || !lastText.includes('@')) throw new Error(`row ${USERS} reads "${lastText}"`);
    console.error(
      `bench: scrolled ${USERS.toLocaleString('en-US')} rows in ${frames.length} frames, ${((performance.now() - scrollStarted) / 1000).toFixed(1)} s; row ${USERS} rendered`,
    );

    // 3. Heap, after a forced full GC.
    const heapBytes = await page.evaluate(async () => {
      const w = window as unknown as { gc?: () => void };
      if (!w.gc) throw new Error('window.gc is not exposed (--js-flags=--expose-gc)');
      for (let i = 0; i < 3; i++) {
        w.gc();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      if (!memory) throw new Error('performance.memory is not available');
      return memory.usedJSHeapSize;
    });

    // 4. A ~5 MB response body opened in the inspector: made once, then timed on fresh loads.
    const big = await makeBigExchange(page, TIMEOUT_MS);
    const openBody: number[] = [];
    for (let run = 0; run < OPEN_BODY_RUNS; run++) {
      await page.goto(`${await shell.newLaunchUrl()}#/inspector`);
      await page.waitForFunction(() => document.getElementById('root')?.dataset.state === 'ready', undefined, { timeout: TIMEOUT_MS });
      openBody.push(await timeOpenBody(page, big.id, TIMEOUT_MS));
    }
    console.error(`bench: opened a ${big.size} body in ${openBody.map((ms) => Math.round(ms)).join(', ')} ms`);

    const firstRowsMs = median(firstRows);
    const p95 = percentile(frames, 95);
    const heapMb = heapBytes / (1024 * 1024);
    const openBodyMs = median(openBody);
    const met = firstRowsMs <= TARGET_FIRST_ROWS_MS && p95 <= TARGET_P95_FRAME_MS && heapMb <= TARGET_HEAP_MB && openBodyMs <= TARGET_OPEN_BODY_MS;
    console.log(`users.first-rows.ms: ${Math.round(firstRowsMs)}`);
    console.log(`users.scroll.p95-frame.ms: ${p95.toFixed(1)}`);
    console.log(`users.heap.mb: ${heapMb.toFixed(1)}`);
    console.log(`inspector.open-5mb.ms: ${Math.round(openBodyMs)}`);
    console.log(
      `targets: first rows ≤ ${TARGET_FIRST_ROWS_MS} ms, p95 frame ≤ ${TARGET_P95_FRAME_MS} ms, heap ≤ ${TARGET_HEAP_MB} MB, 5 MB body ≤ ${TARGET_OPEN_BODY_MS} ms — ${met ? 'met' : 'NOT met'}`,
    );
    await context.close();
  } finally {
    await browser?.close();
    if (shell) {
      await shell.stop();
      await rm(shell.dataDir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBrowserBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
