// Decides how `npm start` launches SCIM Desk: the Electron app when its runtime is installed,
// otherwise the web shell. Pure functions, so the decision is unit-tested (electron/shell/runtime.test.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FALLBACK_MESSAGE = 'Electron runtime not found (it cannot be installed on this machine); starting the web shell instead.';

/**
 * @param {() => unknown} resolveElectron `require('electron')`: the binary's path when installed; throws
 *   when the package is missing or its binary was never downloaded.
 * @param {(path: string) => boolean} [exists]
 */
export function chooseRuntime(resolveElectron, exists = existsSync) {
  let binary;
  try {
    binary = resolveElectron();
  } catch (error) {
    return { kind: 'web', reason: error instanceof Error ? error.message : String(error) };
  }
  if (typeof binary !== 'string' || binary === '') return { kind: 'web', reason: 'the electron package did not name a binary' };
  if (!exists(binary)) return { kind: 'web', reason: `the Electron binary ${binary} does not exist` };
  return { kind: 'electron', binary };
}

/**
 * `require('electron')`, but without its side effect: when the package is there and its binary is
 * not (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or unpacked for its types), requiring it starts
 * a download that cannot work here and prints several lines. No `path.txt` means no binary.
 * @param {NodeRequire} require
 * @param {(path: string) => boolean} [exists]
 */
export function resolveElectronBinary(require, exists = existsSync) {
  const packageDir = dirname(require.resolve('electron/package.json'));
  if (!exists(join(packageDir, 'path.txt'))) throw new Error('the electron package is installed without its binary');
  return require('electron');
}

/**
 * The command line for the chosen runtime. Electron is given the project root, so it reads
 * package.json ("main": dist-electron/main.cjs, name, version) exactly as the packaged app does.
 */
export function launchCommand(runtime, { root, args = [], nodePath = process.execPath }) {
  if (runtime.kind === 'electron') return { command: runtime.binary, args: [root, ...args], script: join(root, 'dist-electron', 'main.cjs') };
  const script = join(root, 'dist-electron', 'web.cjs');
  return { command: nodePath, args: [script, '--open', ...args], script };
}

/** Environment for the child: ELECTRON_RUN_AS_NODE would turn the Electron binary into plain Node. */
export function childEnv(runtime, env = process.env) {
  if (runtime.kind !== 'electron' || !('ELECTRON_RUN_AS_NODE' in env)) return env;
  const { ELECTRON_RUN_AS_NODE: _dropped, ...rest } = env;
  return rest;
}
