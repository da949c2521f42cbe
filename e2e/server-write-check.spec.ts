import { readFile } from 'node:fs/promises';
import { writeCheckPlan } from '../shared/check/write-plan';
import { expect, test } from './fixtures';
import type { ServerPage } from './pages/server-page';
import { connectTo, startOwnDemo } from './membership-fixtures';
import { checkResourcesOnServer, expectNothingLeftListed, openServer, pacedConnection } from './server-fixtures';

/** Checks that run only with writes, by id: the user and group lifecycles, the stale If-Match, bulk, Entra's and Okta's writes. */
const WRITE_CHECK_IDS = /^(user\.|group\.|etag\.if-match|bulk\.|entra\.(user|patch|group)\.|okta\.(user|group)\.)/;

/** The id and verdict of every check row on screen. */
const rowsOf = (server: ServerPage) =>
  server.checkRows.evaluateAll((rows) => rows.map((r) => ({ id: r.getAttribute('data-check-id')!, verdict: r.getAttribute('data-verdict')! })));

test('write checks cannot be chosen on a read-only connection, which says why', async ({ app, page }) => {
  const own = await pacedConnection(app, 50, { readOnly: true, name: 'Locked' });
  try {
    const server = await openServer(app, page);
    await expect(server.writesOption).toBeDisabled();
    await expect(server.writesOption).not.toBeChecked();
    await expect(server.modeNote).toContainText('“Locked” is read-only: write checks create and remove resources.');
    await expect(server.writesOption).toHaveAccessibleDescription(/is read-only: write checks create and remove resources/);
    await expect(server.check.getByTestId('check-run')).toHaveText('Run check');
  } finally {
    await own.close();
  }
});

test('the write check on Demo (rfc): the confirmation names exactly what it creates; no write check fails, and nothing is left on the server', async ({
  app,
  page,
}) => {
  test.setTimeout(300_000);
  await app.userBrowser.waitReady();
  const server = await openServer(app, page);
  // Off by default; the note says the check only reads.
  await expect(server.writesOption).not.toBeChecked();
  await expect(server.writesOption).toBeEnabled();
  await expect(server.modeNote).toContainText('Read-only: the check only reads');

  // The confirmation lists the plan of this run's id: type, name and purpose of each, and says it all goes.
  await server.chooseProfiles(['rfc']);
  const first = await server.openWriteConfirm();
  expect(first.runId).toMatch(/^[a-z0-9]{4,16}$/);
  expect(first.names).toEqual(writeCheckPlan(first.runId, ['rfc']).map((p) => p.name));
  await expect(server.writeConfirm).toContainText('Everything is removed at the end, also after a failure or Cancel.');
  await expect(server.writeConfirm).toContainText('reported with its id');
  // Cancel asks nothing of the server.
  await server.writeConfirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(server.writeConfirm).toHaveCount(0);
  await expect(server.check).toHaveAttribute('data-state', 'idle');

  // With the Entra ID and Okta profiles too: a new run id, and their users in the plan.
  await server.chooseProfiles(['rfc', 'entra', 'okta']);
  const run = await server.openWriteConfirm();
  expect(run.runId).not.toBe(first.runId);
  const plan = writeCheckPlan(run.runId, ['rfc', 'entra', 'okta']);
  expect(run.names).toEqual(plan.map((p) => p.name));
  expect(run.names).toContain(`scimdesk-check-${run.runId}-entra`);
  for (const item of plan) {
    const row = server.writePlan.and(page.locator(`[data-name="${item.name}"]`));
    await expect(row).toHaveAttribute('data-resource-type', item.resourceType);
    await expect(row).toContainText(`${item.resourceType}${item.name}${item.purpose}`);
  }
  await server.confirmWrites();
  await expect(server.check).toHaveAttribute('data-writes', 'true');
  await server.waitFor('succeeded', 240_000);

  // The write checks' results are in the list like the others; on the rfc persona none fails or is ignored.
  const rows = await rowsOf(server);
  const writes = rows.filter((r) => WRITE_CHECK_IDS.test(r.id));
  for (const id of ['user.create', 'user.delete', 'group.member-add', 'etag.if-match-stale', 'entra.patch.pascal-ops', 'okta.user.deactivate']) {
    expect(writes.map((r) => r.id)).toContain(id);
  }
  expect(writes.filter((r) => r.verdict === 'fail' || r.verdict === 'ignored')).toEqual([]);
  expect(rows.filter((r) => r.verdict === 'fail' || r.verdict === 'ignored')).toEqual([]);
  // Everything created was removed: no leftovers, and the report says so.
  await expect(server.leftovers).toHaveCount(0);
  await expect(server.check.getByTestId('check-cleanup')).toHaveText('Nothing the write checks created is left on the server.');
  const report = JSON.parse(await readFile((await (await server.export('json')).path())!, 'utf8')) as {
    target: { writes: boolean };
    leftovers?: unknown[];
    checks: Array<{ id: string }>;
  };
  expect(report.target.writes).toBe(true);
  expect(report.leftovers ?? []).toEqual([]);
  expect(report.checks.map((c) => c.id)).toEqual(rows.map((r) => r.id));

  // Listed as a user would: no user and no group named scimdesk-check-… on the server.
  await expectNothingLeftListed(app);
});

test('a write check cancelled midway removes what it had created: no leftovers in the report, nothing listed on the server', async ({ app, page }) => {
  test.setTimeout(240_000);
  // Paced to 4 requests a second: Cancel comes while the write checks' resources exist.
  const own = await pacedConnection(app, 4);
  try {
    const server = await openServer(app, page);
    await server.chooseProfiles(['rfc']);
    const { names } = await server.openWriteConfirm();
    await server.confirmWrites();
    await expect(server.check).toHaveAttribute('data-state', 'running');
    await expect(server.check.getByTestId('check-cancel')).toHaveText('Cancel and clean up');
    await expect(server.check.getByTestId('check-writes-running')).toHaveAttribute('data-state', 'running');

    // Once the user is created, it is on the server (asked directly, past the app's pacing)…
    await expect(server.row('user.create')).toBeVisible({ timeout: 150_000 });
    expect(await checkResourcesOnServer(own)).toContain(names[0]);
    // …and Cancel removes it before the job ends (the job is cancelled only once its clean-up has run).
    await server.check.getByTestId('check-cancel').click();
    await server.waitFor('cancelled', 60_000);
    await expect(server.row('user.create')).toBeVisible();
    await expect(server.check.getByTestId('check-state')).toHaveText('Cancelled');
    await expect(server.leftovers).toHaveCount(0);
    await expect(server.check.getByTestId('check-cleanup')).toBeVisible();
    expect(await checkResourcesOnServer(own)).toEqual([]);
    await expectNothingLeftListed(app);
  } finally {
    await own.close();
  }
});

test('a server that refuses every DELETE: what the write checks could not remove is listed first, with the ids the server holds', async ({ app, page }) => {
  test.setTimeout(180_000);
  const own = await startOwnDemo();
  try {
    own.proxy.intercept = (request) =>
      request.method === 'DELETE'
        ? { status: 403, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Deletes are turned off here.' } }
        : undefined;
    await connectTo(app, 'No deletes', own.proxy.baseUrl);
    const server = await openServer(app, page);
    await server.chooseProfiles(['rfc']);
    await server.openWriteConfirm();
    await server.confirmWrites();
    await server.waitFor(/^(succeeded|failed)$/, 150_000);
    await expect(server.check).toHaveAttribute('data-report', 'final');

    // The leftovers come before the readiness and the list, each with its endpoint, id and name.
    await expect(server.leftovers).toBeVisible();
    await expect(server.leftovers).toHaveAttribute('role', 'alert');
    await expect(server.check.getByTestId('check-cleanup')).toHaveCount(0);
    const onServer = await checkResourcesOnServer(own);
    expect(onServer.length).toBeGreaterThan(0);
    await expect(server.leftovers).toHaveAttribute('data-count', String(onServer.length));
    await expect(server.leftovers.getByRole('heading')).toContainText('could not be removed');
    const listed = await server.leftovers
      .getByTestId('check-leftover')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(listed.map(([, , name]) => name).sort()).toEqual([...onServer].sort());
    for (const [endpoint, id] of listed) {
      expect(endpoint).toMatch(/\/(Users|Groups)$/);
      expect(id).not.toBe('');
    }
    const [first] = await server.check
      .locator('[data-testid="check-leftovers"], [data-testid="check-readiness"]')
      .evaluateAll((els) => els.map((e) => e.dataset.testid));
    expect(first).toBe('check-leftovers');
  } finally {
    await own.close();
  }
});
