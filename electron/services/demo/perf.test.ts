/* eslint-disable @typescript-eslint/no-explicit-any -- SCIM answers are untyped JSON in these tests */
/**
 * Loose performance checks on a 100,000-user tenant (targets: page < 15 ms, `userName sw` filter
 * < 150 ms, sorted page < 50 ms after the first). Thresholds here are 3× the targets so a busy CI
 * machine does not flake; the measured medians are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './index';

let server: DemoServer;
let base: string;
let warmupMs = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(url: string): Promise<{ ms: number; body: any }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  const ms = performance.now() - t;
  expect(res.status).toBe(200);
  return { ms, body };
}

beforeAll(async () => {
  server = await startDemoServer({ users: 100_000, personas: ['rfc'] });
  base = server.baseUrl('rfc');
  const t = performance.now();
  await fetch(`${base}/Users?count=1`); // builds the 100k store
  warmupMs = performance.now() - t;
  for (let i = 0; i < 10; i++) await (await fetch(`${base}/Users?count=100&startIndex=${1 + i * 1000}`)).arrayBuffer();
}, 60_000);
afterAll(() => server.close());

describe('demo server performance at 100,000 users', () => {
  it('pages by index quickly', async () => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { ms, body } = await timed(`${base}/Users?startIndex=${1 + ((i * 7919) % 99_900)}&count=100`);
      expect(body.Resources).toHaveLength(100);
      times.push(ms);
    }
    console.log(
      `[demo-scim perf] store build + first request ${warmupMs.toFixed(0)} ms; GET /Users?startIndex=N&count=100 median ${median(times).toFixed(1)} ms`,
    );
    expect(median(times)).toBeLessThan(45);
  });

  it('filters userName sw over 100k quickly', async () => {
    const times: number[] = [];
    for (const letter of 'abcdefg') {
      const { ms, body } = await timed(`${base}/Users?filter=${encodeURIComponent(`userName sw "${letter}"`)}&count=100`);
      expect(body.totalResults).toBeGreaterThan(0);
      times.push(ms);
    }
    console.log(`[demo-scim perf] filter userName sw "x" (uncached) median ${median(times).toFixed(1)} ms`);
    expect(median(times)).toBeLessThan(450);
  });

  it('serves sorted pages quickly after the first', async () => {
    const first = await timed(`${base}/Users?sortBy=name.familyName&count=100`);
    const times: number[] = [];
    for (let i = 1; i <= 15; i++) {
      const { ms, body } = await timed(`${base}/Users?sortBy=name.familyName&count=100&startIndex=${1 + i * 5000}`);
      expect(body.Resources).toHaveLength(100);
      times.push(ms);
    }
    console.log(`[demo-scim perf] sorted by name.familyName: first page ${first.ms.toFixed(0)} ms, later pages median ${median(times).toFixed(1)} ms`);
    expect(median(times)).toBeLessThan(150);
  });

  it("lists groups without members and finds a user's groups by members.value", async () => {
    const groups = await timed(`${base}/Groups?excludedAttributes=members&count=100`);
    expect(groups.body.totalResults).toBeGreaterThan(500);
    expect(groups.body.Resources.every((g: any) => g.members === undefined)).toBe(true);
    const user = (await timed(`${base}/Users?count=1&startIndex=4242`)).body.Resources[0];
    const member = await timed(`${base}/Groups?filter=${encodeURIComponent(`members.value eq "${user.id}"`)}&excludedAttributes=members`);
    expect(member.body.totalResults).toBe(user.groups.length);
    console.log(`[demo-scim perf] GET /Groups?excludedAttributes=members ${groups.ms.toFixed(1)} ms; members.value eq filter ${member.ms.toFixed(1)} ms`);
    expect(groups.ms).toBeLessThan(200);
    expect(member.ms).toBeLessThan(200);
  });
});
