/**
 * The server check from a terminal or CI, with the app's own checks and runner:
 *   npm run check -- --url URL [--token-env VAR] [--profile entra|okta|rfc] [--writes] [--report out.md] [--json out.json] [--html out.html]
 * Exit code 0 when nothing failed, 1 when a check failed or found a parameter ignored (or the check
 * could not run), 2 on a usage error. Progress goes to stderr, the summary to stdout; the token is
 * read from the environment, never from the command line, and never printed.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkProfiles, writeCheckPlan, type CheckProfile, type CheckReport } from '../../../shared/check';
import { reportToHtml } from '../../../shared/check/report-html';
import { reportToMarkdown } from '../../../shared/check/report-markdown';
import { hasBlockingVerdict, readinessLines, summaryLine, verdictMarks } from '../../../shared/check/report-text';
import { runStandaloneCheck } from './standalone';

const HELP = `SCIM Desk server check: proves by requests what a SCIM 2.0 server supports.

Usage: npm run check -- --url <base URL> [options]

Options:
  --url <url>          The SCIM base URL (https://example.com/scim/v2).
  --token-env <VAR>    Read the bearer token from environment variable VAR (without it: no credential).
  --profile <name>     ${checkProfiles.join(', ')}; repeat or comma-separate (default: all).
  --report <file>      Write the report as Markdown.
  --json <file>        Write the report as JSON (the stable format).
  --html <file>        Write the report as one self-contained HTML file.
  --writes             Also run the write checks: they create scimdesk-check-<run id>-… users and
                       groups (listed before the run starts), change them, and remove them at the end.
  -h, --help           Show this help.

Exit code: 0 when no check failed, 1 when a check failed or a parameter was ignored, 2 on a usage error.
`;

export interface CliOptions {
  url: string;
  token?: string;
  profiles: CheckProfile[];
  writes: boolean;
  outputs: { markdown?: string; json?: string; html?: string };
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>): CliOptions | 'help' {
  let url: string | undefined;
  let tokenVar: string | undefined;
  const profiles: CheckProfile[] = [];
  const outputs: CliOptions['outputs'] = {};
  let writes = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--url':
        url = value();
        break;
      case '--token-env':
        tokenVar = value();
        break;
      case '--profile':
      case '--profiles':
        for (const name of value()
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean)) {
          if (!checkProfiles.includes(name as CheckProfile)) throw new UsageError(`Unknown profile ${JSON.stringify(name)}; use ${checkProfiles.join(', ')}`);
          if (!profiles.includes(name as CheckProfile)) profiles.push(name as CheckProfile);
        }
        break;
      case '--report':
      case '--markdown':
        outputs.markdown = value();
        break;
      case '--json':
        outputs.json = value();
        break;
      case '--html':
        outputs.html = value();
        break;
      case '--writes':
        writes = true;
        break;
      default:
        throw new UsageError(`Unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (!url) throw new UsageError('--url is required');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('--url must be an http or https URL');
  let token: string | undefined;
  if (tokenVar !== undefined) {
    token = env[tokenVar];
    // The variable's name is safe to print; its value never is.
    if (!token) throw new UsageError(`The environment variable ${tokenVar} named by --token-env is not set or empty`);
  }
  return { url, ...(token ? { token } : {}), profiles: profiles.length ? profiles : [...checkProfiles], writes, outputs };
}

async function writeOutputs(report: CheckReport, outputs: CliOptions['outputs']): Promise<string[]> {
  const written: string[] = [];
  const targets: Array<[string | undefined, () => string]> = [
    [outputs.markdown, () => reportToMarkdown(report)],
    [outputs.json, () => `${JSON.stringify(report, null, 2)}\n`],
    [outputs.html, () => reportToHtml(report)],
  ];
  for (const [path, render] of targets) {
    if (!path) continue;
    await writeFile(resolve(path), render());
    written.push(path);
  }
  return written;
}

/** What the write checks will create, printed before they start (the CLI's confirmation is the --writes flag). */
export function planText(runId: string, profiles: readonly CheckProfile[]): string {
  const lines = writeCheckPlan(runId, profiles).map((p) => `  ${p.resourceType.padEnd(5)} ${p.name}: ${p.purpose}`);
  return `Write checks (run ${runId}) will create, change and then remove:\n${lines.join('\n')}\n`;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`scim-check: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const controller = new AbortController();
  // Ctrl-C cancels the run; with writes, what was created is still removed before the process ends.
  process.once('SIGINT', () => controller.abort());
  const runId = randomBytes(4).toString('hex');
  if (options.writes) process.stderr.write(planText(runId, options.profiles));
  let report: CheckReport;
  try {
    report = await runStandaloneCheck({
      url: options.url,
      ...(options.token ? { token: options.token } : {}),
      profiles: options.profiles,
      writes: options.writes,
      runId,
      signal: controller.signal,
      onResult: (result, index, total) => process.stderr.write(`[${index + 1}/${total}] ${result.id} … ${result.verdict}\n`),
    });
  } catch (error) {
    // The engine's errors are redacted already; this keeps even an unexpected one from quoting the token.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`scim-check: the check could not run: ${options.token ? message.split(options.token).join('[REDACTED]') : message}\n`);
    return 1;
  }
  const written = await writeOutputs(report, options.outputs);
  const out = [`${summaryLine(report.summary)} (${report.requests ?? 0} requests to ${report.target.url})`, ...readinessLines(report)];
  const bad = report.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'ignored');
  if (bad.length) out.push('', ...bad.map((c) => `${verdictMarks[c.verdict]} ${c.verdict} ${c.id}: ${c.message}`));
  if (report.leftovers?.length) {
    out.push('', 'Could not remove (remove by hand):', ...report.leftovers.map((l) => `  ${l.endpoint}/${l.id} ${l.name}`));
  }
  if (written.length) out.push('', ...written.map((path) => `Wrote ${path}`));
  process.stdout.write(`${out.join('\n')}\n`);
  return hasBlockingVerdict(report) ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), process.env).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`scim-check: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
