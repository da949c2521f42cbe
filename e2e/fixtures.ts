import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { AppPage } from './pages/app-page';

export interface WebShellProcess {
  /** The launch URL printed at start; its token works once (one browser context). */
  launchUrl: string;
  /** Asks the running shell for a new link (as pressing Enter in its terminal would), for another context. */
  newLaunchUrl: () => Promise<string>;
  origin: string;
  dataDir: string;
  /** Everything the process printed, to assert no secret is logged. */
  output: () => string;
  stop: () => Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash would: nothing is flushed or closed. */
  kill: () => Promise<void>;
}

export interface ShellOptions {
  demoUsers?: number;
  /** Reuse a data dir (a "restart"); by default each test gets a fresh one. */
  dataDir?: string;
}

/** Starts the web shell (with its own embedded demo server) in its own temp data dir. */
export async function startShell(options: ShellOptions = {}): Promise<WebShellProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'scim-desk-e2e-')));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/web/cli.ts', '--port', '0', '--data-dir', dataDir, '--demo-users', String(options.demoUsers ?? 2500)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  const LINK = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\s/g; // whole lines only
  const links = () => [...output.matchAll(LINK)].map((match) => match[1]!);
  // Resolves with the (count+1)-th link the process prints.
  const nthLink = (count: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const link = links()[count];
        if (link === undefined) return;
        child.stdout!.off('data', check);
        child.off('exit', onExit);
        resolve(link);
      };
      const onExit = (code: number | null) => reject(new Error(`web shell exited with ${code} before it printed a link:\n${output}`));
      child.stdout!.on('data', check);
      child.once('exit', onExit);
      check();
    });
  const collect = (chunk: Buffer) => void (output += chunk.toString('utf8'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const launchUrl = await nthLink(0);
  return {
    launchUrl,
    async newLaunchUrl() {
      const next = nthLink(links().length);
      child.kill('SIGUSR2');
      return next;
    },
    origin: new URL(launchUrl).origin,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export const test = base.extend<{ shell: WebShellProcess; app: AppPage }>({
  shell: async ({}, use) => {
    const shell = await startShell();
    await use(shell);
    await shell.stop();
    await rm(shell.dataDir, { recursive: true, force: true });
  },
  app: async ({ page, shell }, use) => {
    const app = new AppPage(page);
    await app.open(shell.launchUrl);
    await use(app);
  },
});

/** Opens the app without the File System Access picker, so saving falls back to a download a test can read. */
export async function openWithoutPicker(page: Page, shell: WebShellProcess): Promise<AppPage> {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  const app = new AppPage(page);
  await app.open(shell.launchUrl);
  return app;
}

export { expect } from '@playwright/test';
export type { Page };
