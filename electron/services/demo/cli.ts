/**
 * Runs the demo SCIM server from a terminal:
 *   npx tsx electron/services/demo/cli.ts --persona rfc --port 8080 --users 10000 [--token T] [--seed N]
 */
import { DEFAULT_RATE_LIMIT, DEFAULT_SEED, DEMO_PERSONA_INFO, DEMO_PERSONAS, startDemoServer, type DemoPersona, type DemoServerOptions } from './index';

const HELP = `SCIM Desk demo server: a local SCIM 2.0 server with deterministic demo data.

Usage: npx tsx electron/services/demo/cli.ts [options]

Options:
  --persona <name>   Serve one persona (repeat or comma-separate for several; default: all).
                     ${DEMO_PERSONAS.join(', ')}
  --port <n>         Port to listen on (default 0: a random free port).
  --host <host>      Loopback address to bind (default 127.0.0.1; other hosts are refused).
  --users <n>        Users per persona, 0 to 100000 (default 2500).
  --seed <n>         Data seed (default ${DEFAULT_SEED}); the same seed gives the same data.
  --token <t>        Require "Authorization: Bearer <t>" (rfc discovery stays public).
  --rate-limit <n>   The cortex persona's requests per second (default ${DEFAULT_RATE_LIMIT}).
  -h, --help         Show this help.

Personas:
${DEMO_PERSONAS.map((p) => `  ${p.padEnd(10)} ${DEMO_PERSONA_INFO[p].basePath}\n             ${DEMO_PERSONA_INFO[p].description}`).join('\n')}

Prints each base URL on its own line; stops on Ctrl-C (SIGINT) or SIGTERM.
`;

export function parseArgs(argv: string[]): DemoServerOptions | 'help' {
  const options: DemoServerOptions = {};
  const personas: DemoPersona[] = [];
  const int = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || v.trim() === '' || !Number.isInteger(n)) throw new Error(`${flag} needs an integer, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--persona':
      case '--personas':
        for (const p of value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          if (!DEMO_PERSONAS.includes(p as DemoPersona)) throw new Error(`Unknown persona ${JSON.stringify(p)}; expected one of ${DEMO_PERSONAS.join(', ')}`);
          personas.push(p as DemoPersona);
        }
        break;
      case '--port':
        options.port = int(flag, value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--users':
        options.users = int(flag, value());
        break;
      case '--seed':
        options.seed = int(flag, value());
        break;
      case '--token':
        options.token = value();
        break;
      case '--rate-limit':
        options.rateLimitPerSecond = int(flag, value());
        break;
      default:
        throw new Error(`Unknown option ${JSON.stringify(arg)} (see --help)`);
    }
  }
  if (personas.length) options.personas = personas;
  return options;
}

async function main(): Promise<void> {
  let options: DemoServerOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const server = await startDemoServer(options);
  for (const persona of options.personas ?? DEMO_PERSONAS) process.stdout.write(`${server.baseUrl(persona)}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedDirectly = process.argv[1] !== undefined && /(^|[\\/])cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
