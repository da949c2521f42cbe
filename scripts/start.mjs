// `npm start` (after `npm run build`): the Electron app when its runtime is installed, else the web shell.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, chooseRuntime, FALLBACK_MESSAGE, launchCommand, resolveElectronBinary } from './runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const runtime = chooseRuntime(() => resolveElectronBinary(require));
if (runtime.kind === 'web') console.log(FALLBACK_MESSAGE);

const { command, args, script } = launchCommand(runtime, { root, args: process.argv.slice(2) });
if (!existsSync(script)) {
  console.error(`${relative(root, script)} is missing; run "npm run build" first.`);
  process.exit(1);
}

const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: childEnv(runtime) });

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`Could not start ${command}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  // Died of a signal: exit the conventional 128 + n.
  const numbers = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGHUP: 1 };
  process.exit(128 + (numbers[signal] ?? 1));
});
