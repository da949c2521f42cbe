import fc from 'fast-check';
import { acceptsTerm, describeProfile, profileArbitrary, type RandomProfile } from '../test/support/random-profile';
import { startRandomServer, type RandomServer } from '../test/support/random-server';
import { callContract } from './fault-fixtures';
import { startShell, test as base, type WebShellProcess } from './fixtures';
import type { AppPage } from './pages/app-page';

/**
 * The e2e fixtures plus `random`: servers drawn from the random server's profile space
 * (test/support/random-profile.ts), running in the test process. A class of profile is drawn with a
 * fixed seed, so each test meets the same server every run (the profile is in the test's title data).
 */

/** Profile classes kept on screen, each with the seed it is drawn with. */
export const PROFILE_CLASSES = {
  /** Refuses the quick search's terms (`displayName co`) with 400: searches are matched here. */
  'refuses rich filters': {
    seed: 1001,
    fits: (p: RandomProfile) => p.filter.otherwise === 'refuse' && !acceptsTerm(p, 'User', 'displayname co') && p.discovery && p.users >= 40,
  },
  /** GET ignores startIndex, there is no POST /.search and pages are capped: the browser states a gap. */
  'ignores startIndex without /.search': {
    seed: 1002,
    fits: (p: RandomProfile) => p.startIndex === 'ignored' && p.search === 'absent' && p.pageCap !== null && p.pageCap < p.users && p.users >= 60,
  },
  /** Its Group schema marks members.display readOnly and refuses a write carrying it. */
  'marks member sub-attributes readOnly': { seed: 1003, fits: (p: RandomProfile) => p.memberReadOnly.includes('display') && p.discovery },
} as const;
export type ProfileClass = keyof typeof PROFILE_CLASSES;

/** The first profile of a class drawn with the class's seed: the same server on every run. */
export function drawProfile(name: ProfileClass): RandomProfile {
  const { seed, fits } = PROFILE_CLASSES[name];
  return fc.sample(profileArbitrary.filter(fits), { seed, numRuns: 1 })[0]!;
}

export const test = base.extend<{ shell: WebShellProcess; random: { start(name: ProfileClass): Promise<RandomServer> } }>({
  shell: async ({}, use) => {
    const shell = await startShell({ demoUsers: 50 });
    await use(shell);
    await shell.stop();
  },
  random: async ({}, use, testInfo) => {
    const servers: RandomServer[] = [];
    await use({
      async start(name) {
        const profile = drawProfile(name);
        testInfo.annotations.push({ type: 'profile', description: describeProfile(profile) });
        const server = await startRandomServer(profile);
        servers.push(server);
        return server;
      },
    });
    await Promise.all(servers.map((s) => s.close()));
  },
});

/** Saves a bearer connection to the random server through the contract and makes it the active one. */
export async function connectToRandom(app: AppPage, server: RandomServer, name = 'Random'): Promise<string> {
  const created = await callContract<{ id: string }>(app.page, 'connections.create', {
    settings: { name, baseUrl: server.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs: 5_000 },
    secret: { action: 'set', value: 'e2e-random-token' },
  });
  await app.switcher.locator(`option[value="${created.id}"]`).waitFor({ state: 'attached' });
  await app.switcher.selectOption(created.id);
  return created.id;
}

export { expect } from '@playwright/test';
