import { expect, type Page } from '@playwright/test';
import { startFaultServer, type FaultServer } from '../test/support/fault-server';
import { startShell, test as base, type WebShellProcess } from './fixtures';
import type { AppPage } from './pages/app-page';

/** The credential the fault connection carries; no screen may show it. */
export const FAULT_TOKEN = 'e2e-fault-SECRET-token-0123456789';

/**
 * The e2e fixtures plus `faults`: a fault server (test/support/fault-server.ts) running in the test
 * process, set per test with `faults.set(fault, options)`. The shell's demo server is kept small.
 */
export const test = base.extend<{ faults: FaultServer; shell: WebShellProcess }>({
  shell: async ({}, use) => {
    const shell = await startShell({ demoUsers: 50 });
    await use(shell);
    await shell.stop();
  },
  faults: async ({}, use) => {
    const server = await startFaultServer();
    await use(server);
    await server.close();
  },
});

/**
 * Saves a bearer connection to the fault server through the contract (as the Connections screen does),
 * makes it the active connection, and returns its id.
 */
export async function connectToFaults(app: AppPage, faults: FaultServer, options: { name?: string; timeoutMs?: number } = {}): Promise<string> {
  const name = options.name ?? 'Faulty';
  const draft = {
    settings: { name, baseUrl: faults.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs: options.timeoutMs ?? 1_000 },
    secret: { action: 'set', value: FAULT_TOKEN },
  };
  const created = await callContract<{ id: string }>(app.page, 'connections.create', draft);
  await expect(app.switcher.locator(`option[value="${created.id}"]`)).toHaveCount(1);
  await app.switcher.selectOption(created.id);
  return created.id;
}

/** One contract call from the page, through the web shell's API with the page's session cookie. */
export async function callContract<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([name, body]) =>
      (await (
        await fetch(`/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: body }) })
      ).json()) as { ok: boolean; data?: unknown; error?: { message: string } },
    [channel, input] as const,
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error?.message}`);
  return result.data as T;
}

export { expect };
