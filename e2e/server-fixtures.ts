import { callContract } from './fault-fixtures';
import { expect, type Page } from './fixtures';
import { OWN_DEMO_TOKEN, startOwnDemo } from './membership-fixtures';
import type { AppPage } from './pages/app-page';
import { ServerPage } from './pages/server-page';

/** What every resource a write check creates is named with: `scimdesk-check-<run id>-…`. */
export const CHECK_NAME_PREFIX = 'scimdesk-check-';

type OwnDemo = Awaited<ReturnType<typeof startOwnDemo>>;

/**
 * A connection to the test's own demo server (rfc persona) paced to `perSecond` requests, made the
 * active one: its check runs slowly enough to watch results arrive and to cancel it midway.
 */
export async function pacedConnection(app: AppPage, perSecond: number, options: { readOnly?: boolean; name?: string } = {}): Promise<OwnDemo> {
  const own = await startOwnDemo();
  const draft = {
    settings: {
      name: options.name ?? 'Paced',
      baseUrl: own.demo.baseUrl('rfc'),
      auth: { type: 'bearer' },
      proxy: { mode: 'none' },
      maxRequestsPerSecond: perSecond,
      readOnly: options.readOnly ?? false,
    },
    secret: { action: 'set', value: OWN_DEMO_TOKEN },
  };
  const created = await callContract<{ id: string }>(app.page, 'connections.create', draft);
  await expect(app.switcher.locator(`option[value="${created.id}"]`)).toHaveCount(1);
  await app.switcher.selectOption(created.id);
  return own;
}

export async function openServer(app: AppPage, page: Page): Promise<ServerPage> {
  await app.goTo('server');
  const server = new ServerPage(page);
  await expect(server.root).toHaveAttribute('data-state', 'ready');
  return server;
}

/**
 * Lists what check runs created, as a user would: the Users browser with the raw filter
 * `userName sw "scimdesk-check-"`, then the Groups browser with `displayName sw "scimdesk-check-"`;
 * resolves once both lists have answered with nothing (their state turns from the full list's
 * `ready` to `empty`), and leaves both browsers unfiltered again.
 */
export async function expectNothingLeftListed(app: AppPage): Promise<void> {
  for (const [screen, browser, attribute] of [
    ['users', app.userBrowser, 'userName'],
    ['groups', app.groupBrowser, 'displayName'],
  ] as const) {
    await app.goTo(screen);
    await browser.waitReady();
    await browser.rawFilter.check();
    await browser.search.fill(`${attribute} sw "${CHECK_NAME_PREFIX}"`);
    await expect(browser.root, `no ${screen} named ${CHECK_NAME_PREFIX}… left`).toHaveAttribute('data-state', 'empty', { timeout: 30_000 });
    await expect(browser.rows).toHaveCount(0);
    await browser.search.fill('');
    await browser.rawFilter.uncheck();
    await browser.waitReady();
  }
}

/** The same question asked of the test's own demo server directly, past the app: resources whose name starts with the prefix. */
export async function checkResourcesOnServer(own: OwnDemo): Promise<string[]> {
  const names: string[] = [];
  for (const [endpoint, attribute] of [
    ['Users', 'userName'],
    ['Groups', 'displayName'],
  ] as const) {
    const filter = encodeURIComponent(`${attribute} sw "${CHECK_NAME_PREFIX}"`);
    const response = await fetch(`${own.demo.baseUrl('rfc')}/${endpoint}?filter=${filter}`, { headers: { authorization: `Bearer ${OWN_DEMO_TOKEN}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Resources?: Array<Record<string, unknown>> };
    for (const resource of body.Resources ?? []) names.push(String(resource[attribute]));
  }
  return names;
}
