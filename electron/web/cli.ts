import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppCore } from '../services/core';
import { KeyFileCipher } from '../services/secrets/cipher';
import { NEW_LINK_SIGNAL, onNewLinkRequest } from './new-link-requests';
import { startWebShell } from './server';

const HELP = `SCIM Desk web shell: the app in your browser, served on 127.0.0.1 only.

Usage: npm run web -- [options]
  --port N           port to listen on (default 4780; 0 = any free port)
  --data-dir DIR     where profiles, secrets and settings live
                     (default $SCIM_DESK_DATA_DIR or ~/.config/scim-desk-web)
  --demo-users N     users in the embedded demo SCIM server (default 2500, max 100000)
  --demo-port N      port for the demo server (default: any free port)
  --no-demo          do not start the demo server
  --open             open the launch URL in a browser
  --help             this text

New link: each printed link works once (it is exchanged for a session cookie in the
browser that opens it), and only the newest one does. For another browser, or after
clearing cookies, press Enter (or type n and Enter) in the terminal running SCIM Desk,
or send it SIGUSR2 (kill -USR2 <pid>; the pid is printed at start): it prints a new link.`;

function projectRoot(): string {
  // Works from the TypeScript source (tsx) and from the esbuild bundle in dist-electron/.
  let dir = typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Opens the launch URL: the desktop's opener, else a Chromium-family browser when a display exists. */
function openInBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return void console.log('No display found; open the URL above in a browser.');
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const candidates: [string, string[]][] = [
    [opener, [url]],
    ['chromium', [`--app=${url}`]],
    ['chromium-browser', [`--app=${url}`]],
    ['google-chrome', [`--app=${url}`]],
  ];
  const tryNext = (index: number): void => {
    const candidate = candidates[index];
    if (!candidate) return void console.log('Could not open a browser automatically; open the URL above yourself.');
    const child = spawn(candidate[0], candidate[1], { stdio: 'ignore', detached: true });
    child.once('error', () => tryNext(index + 1));
    child.unref();
  };
  tryNext(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4780' },
      'data-dir': { type: 'string' },
      'demo-users': { type: 'string', default: '2500' },
      'demo-port': { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  const demoUsers = Number(values['demo-users']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  if (!Number.isInteger(demoUsers) || demoUsers < 0 || demoUsers > 100_000) throw new Error(`--demo-users must be 0-100000, got "${values['demo-users']}"`);

  const root = projectRoot();
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`The renderer is not built (${rendererDir}); run "npm run build:renderer" first.`);
  const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const dataDir = resolve(values['data-dir'] ?? process.env.SCIM_DESK_DATA_DIR ?? join(configHome, 'scim-desk-web'));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  const core = await createAppCore({
    dataDir,
    cipher: await KeyFileCipher.open(join(dataDir, 'secret.key')),
    shell: 'web',
    version,
    demo: values['no-demo'] ? false : { users: demoUsers, port: values['demo-port'] ? Number(values['demo-port']) : undefined },
  });
  let shell;
  try {
    shell = await startWebShell({ core, rendererDir, port });
  } catch (error) {
    // The default port being taken is no reason to fail: take any free one. An explicit --port is honoured or fails.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.argv.includes('--port')) {
      await core.close();
      throw new Error(`port ${port} is in use (${(error as Error).message})`);
    }
    shell = await startWebShell({ core, rendererDir, port: 0 });
  }
  console.log(`SCIM Desk web shell (data: ${dataDir}, pid ${process.pid})`);
  console.log(`Open: ${shell.launchUrl}`);
  const hint = process.stdin.isTTY ? 'press Enter here' : `send ${NEW_LINK_SIGNAL} to pid ${process.pid}`;
  console.log(`The link works once; for another browser, ${hint} for a new link.`);
  if (values.open) openInBrowser(shell.launchUrl);
  const stopListening = onNewLinkRequest(
    { input: process.stdin.isTTY ? process.stdin : undefined, signals: process.platform === 'win32' ? undefined : process },
    () => console.log(`Open: ${shell.newLaunchUrl()}  (new link, works once; earlier unused links no longer do)`),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopListening();
    await shell.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`SCIM Desk web shell could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
