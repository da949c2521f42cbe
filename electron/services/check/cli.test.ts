import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema } from '../../../shared/contract';
import { startDemoServer, type DemoServer } from '../demo';
import { parseArgs, UsageError } from './cli';
import { listedCheckResources } from './write-test-helpers';

const TOKEN = 'cli-check-token-8e61d0a4b7';
const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'electron/services/check/cli.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Runs the CLI as CI would: a child process, the token in the environment; never rejects. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SCIM_TOKEN: TOKEN } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('check CLI arguments', () => {
  const env = { SCIM_TOKEN: 'x' };
  it('reads the token from the named variable and defaults to every profile', () => {
    expect(parseArgs(['--url', 'https://scim.example.com/v2', '--token-env', 'SCIM_TOKEN', '--json=out.json'], env)).toEqual({
      url: 'https://scim.example.com/v2',
      token: 'x',
      profiles: ['rfc', 'entra', 'okta'],
      writes: false,
      outputs: { json: 'out.json' },
    });
    expect(
      parseArgs(['--url=http://127.0.0.1:8080/scim', '--profile', 'entra,okta', '--profile', 'entra', '--report', 'r.md', '--html', 'r.html'], env),
    ).toEqual({
      url: 'http://127.0.0.1:8080/scim',
      profiles: ['entra', 'okta'],
      writes: false,
      outputs: { markdown: 'r.md', html: 'r.html' },
    });
    expect(parseArgs(['--url', 'https://x', '--writes'], env)).toMatchObject({ writes: true });
  });

  it.each([
    [[], '--url is required'],
    [['--url', 'ftp://x'], '--url must be an http or https URL'],
    [['--url', 'https://x', '--profile', 'azure'], 'Unknown profile "azure"; use rfc, entra, okta'],
    [['--url', 'https://x', '--token-env', 'MISSING'], 'The environment variable MISSING named by --token-env is not set or empty'],
    [['--url', 'https://x', '--token', 'secret'], 'Unknown option "--token"'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseArgs(args, env)).toThrow(new UsageError(message));
  });
});

describe('check CLI as a child process', () => {
  let server: DemoServer;
  let dir: string;
  beforeAll(async () => {
    server = await startDemoServer({ users: 30, seed: 8, token: TOKEN, personas: ['rfc', 'confirmit'] });
    dir = await mkdtemp(join(tmpdir(), 'check-cli-'));
  });
  afterAll(async () => server?.close());

  it('exits 1 on a failing server, writes every report, shows progress, and never prints the token', async () => {
    const files = { md: join(dir, 'confirmit.md'), json: join(dir, 'confirmit.json'), html: join(dir, 'confirmit.html') };
    const run = await cli([
      '--url',
      server.baseUrl('confirmit'),
      '--token-env',
      'SCIM_TOKEN',
      '--report',
      files.md,
      '--json',
      files.json,
      '--html',
      files.html,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\[1\/\d+\] discovery\.spc\.present … warn$/m);
    expect(run.stderr).toMatch(/^\[\d+\/\d+\] responses\.list\.groups … fail$/m);
    expect(run.stdout).toMatch(/^\d+ checks: .*\d+ fail.* \(\d+ requests to http:\/\/127\.0\.0\.1:\d+\/confirmit\/v2\)$/m);
    expect(run.stdout).toContain('✗ fail responses.list.groups: GET /groups answered a bare JSON array of 20, not a ListResponse.');
    expect(run.stdout).toContain(`Wrote ${files.md}`);
    const report = checkReportSchema.parse(JSON.parse(await readFile(files.json, 'utf8')));
    expect(report.checks.find((c) => c.id === 'responses.list.groups')?.verdict).toBe('fail');
    expect(await readFile(files.md, 'utf8')).toContain('# SCIM server check: ');
    expect(await readFile(files.html, 'utf8')).toContain('<h2>Readiness</h2>');
    for (const text of [run.stdout, run.stderr, ...(await Promise.all(Object.values(files).map((f) => readFile(f, 'utf8'))))])
      expect(text).not.toContain(TOKEN);
  });

  it('exits 0 when nothing fails', async () => {
    const run = await cli(['--url', server.baseUrl('rfc'), '--token-env', 'SCIM_TOKEN', '--profile', 'entra']);
    expect(run.stdout).toMatch(/^\d+ checks: \d+ pass/m);
    expect(run.stdout).toMatch(/^Entra ID provisioning: (\d+)\/\1 ready$/m);
    expect(run.code).toBe(0);
  });

  it('exits 2 on a usage error, naming it', async () => {
    const run = await cli(['--url', server.baseUrl('rfc'), '--profile', 'azure']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scim-check: Unknown profile "azure"');
    expect(run.stdout).toBe('');
  });

  it('with --writes, prints what it will create before it starts, runs the write checks, and removes what it created', async () => {
    const json = join(dir, 'writes.json');
    const run = await cli(['--url', server.baseUrl('rfc'), '--token-env', 'SCIM_TOKEN', '--profile', 'okta', '--writes', '--json', json]);
    const plan = run.stderr.match(/^Write checks \(run ([a-z0-9]+)\) will create, change and then remove:$/m);
    expect(plan).not.toBeNull();
    const runId = plan![1]!;
    expect(run.stderr).toContain(`  User  scimdesk-check-${runId}-okta: created and changed the way Okta does, then deleted`);
    // The plan comes before the first check's progress line.
    expect(run.stderr.indexOf('Write checks (run')).toBeLessThan(run.stderr.indexOf('[1/'));
    expect(run.stderr).toMatch(/^\[\d+\/\d+\] okta\.user\.deactivate … pass$/m);
    expect(run.code).toBe(0);
    const report = checkReportSchema.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(report.target.writes).toBe(true);
    expect(report.checks.find((c) => c.id === 'okta.user.create')?.message).toContain(`scimdesk-check-${runId}-okta`);
    expect(report.leftovers).toBeUndefined();
    expect(await listedCheckResources(server.baseUrl('rfc'), TOKEN)).toEqual([]);
  });
});
