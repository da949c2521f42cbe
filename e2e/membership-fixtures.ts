import { startDemoServer, type DemoServer } from '../electron/services/demo';
import { startProxyServer, type ProxyServer } from '../test/support/proxy-server';
import { callContract, expect } from './fault-fixtures';
import type { AppPage } from './pages/app-page';

/** The bearer token of the demo server a test runs itself. */
export const OWN_DEMO_TOKEN = 'e2e-own-demo-token-5c8a';

/**
 * A demo server (rfc persona) in the test process behind a proxy the test scripts (a 503 for one
 * request, say): unlike the shell's own demo server, it keeps its data across a restart of the shell.
 */
export async function startOwnDemo(): Promise<{ demo: DemoServer; proxy: ProxyServer; close: () => Promise<void> }> {
  const demo = await startDemoServer({ token: OWN_DEMO_TOKEN, personas: ['rfc'] });
  const proxy = await startProxyServer(demo.baseUrl('rfc'));
  return {
    demo,
    proxy,
    close: async () => {
      await proxy.close();
      await demo.close();
    },
  };
}

/** Saves a bearer connection to `baseUrl` through the contract, makes it the active one, and returns its id. */
export async function connectTo(app: AppPage, name: string, baseUrl: string): Promise<string> {
  const draft = { settings: { name, baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' } }, secret: { action: 'set', value: OWN_DEMO_TOKEN } };
  const created = await callContract<{ id: string }>(app.page, 'connections.create', draft);
  await expect(app.switcher.locator(`option[value="${created.id}"]`)).toHaveCount(1);
  await app.switcher.selectOption(created.id);
  return created.id;
}
