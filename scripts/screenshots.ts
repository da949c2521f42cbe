// Screenshots of each screen, light and dark, in Debian's Chromium against the web shell:
//   npx tsx scripts/screenshots.ts [outDir]
// Used for the README and to look at what we built.
import { mkdir } from 'node:fs/promises';
import { chromium, expect } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { startShell } from '../e2e/fixtures';
import { AppPage, type ScreenName } from '../e2e/pages/app-page';

const outDir = process.argv[2] ?? 'docs/screenshots';
const screens: ScreenName[] = ['users', 'groups', 'filter', 'patch', 'inspector', 'connections'];

const shell = await startShell();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  await mkdir(outDir, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme });
    const app = new AppPage(page);
    await app.open(shell.launchUrl);
    for (const screen of screens) {
      const root = await app.goTo(screen);
      await expect(root).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
      if (screen === 'connections') await app.connections.items.first().click();
      await page.screenshot({ path: `${outDir}/${screen}-${colorScheme}.png` });
    }
    await page.close();
  }
  console.log(`screenshots written to ${outDir}/`);
} finally {
  await browser.close();
  await shell.stop();
}
