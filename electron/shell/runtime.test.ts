import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { childEnv, chooseRuntime, FALLBACK_MESSAGE, launchCommand, resolveElectronBinary } from '../../scripts/runtime.mjs';

const exists = (paths: string[]) => (path: string) => paths.includes(path);

describe('chooseRuntime (npm start)', () => {
  it('picks Electron when require("electron") names an existing binary', () => {
    expect(chooseRuntime(() => '/nm/electron/dist/electron', exists(['/nm/electron/dist/electron']))).toEqual({
      kind: 'electron',
      binary: '/nm/electron/dist/electron',
    });
  });

  it('falls back to the web shell when the package is missing', () => {
    const runtime = chooseRuntime(() => {
      throw Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
    }, exists([]));
    expect(runtime).toEqual({ kind: 'web', reason: "Cannot find module 'electron'" });
  });

  it('falls back when the package is installed but its binary download failed', () => {
    expect(
      chooseRuntime(() => {
        throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing it again');
      }).kind,
    ).toBe('web');
  });

  it('falls back when the named binary does not exist, or no path is named', () => {
    expect(chooseRuntime(() => '/nm/electron/dist/electron', exists([]))).toMatchObject({ kind: 'web', reason: expect.stringMatching(/does not exist/) });
    expect(chooseRuntime(() => ({}), exists([])).kind).toBe('web');
    expect(chooseRuntime(() => '', exists([''])).kind).toBe('web');
  });

  it('prints the one agreed fallback line', () => {
    expect(FALLBACK_MESSAGE).toBe('Electron runtime not found (it cannot be installed on this machine); starting the web shell instead.');
    expect(FALLBACK_MESSAGE).not.toContain('\n');
  });
});

describe('launchCommand', () => {
  it('runs Electron on the project root (package.json main → dist-electron/main.cjs)', () => {
    expect(launchCommand({ kind: 'electron', binary: '/bin/electron' }, { root: '/app', args: ['--x'] })).toEqual({
      command: '/bin/electron',
      args: ['/app', '--x'],
      script: join('/app', 'dist-electron', 'main.cjs'),
    });
  });

  it('runs the web shell with --open and forwards extra arguments', () => {
    expect(launchCommand({ kind: 'web', reason: '' }, { root: '/app', args: ['--port', '0'], nodePath: '/usr/bin/node' })).toEqual({
      command: '/usr/bin/node',
      args: [join('/app', 'dist-electron', 'web.cjs'), '--open', '--port', '0'],
      script: join('/app', 'dist-electron', 'web.cjs'),
    });
  });

  it('strips ELECTRON_RUN_AS_NODE for Electron only', () => {
    const env = { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' };
    expect(childEnv({ kind: 'electron', binary: '/e' }, env)).toEqual({ PATH: '/bin' });
    expect(childEnv({ kind: 'web', reason: '' }, env)).toBe(env);
  });
});

describe('resolveElectronBinary', () => {
  it('does not require the package (which would try to download) when it has no binary', () => {
    const required: string[] = [];
    const fakeRequire = Object.assign((id: string) => required.push(id), { resolve: () => '/nm/electron/package.json' }) as unknown as NodeJS.Require;
    expect(chooseRuntime(() => resolveElectronBinary(fakeRequire, exists([])))).toEqual({
      kind: 'web',
      reason: 'the electron package is installed without its binary',
    });
    expect(required).toEqual([]);
    expect(resolveElectronBinary(fakeRequire, exists(['/nm/electron/path.txt']))).toBe(1);
    expect(required).toEqual(['electron']);
  });

  it('judges the real installed package by whether its binary is there', () => {
    const require = createRequire(import.meta.url);
    const hasBinary = existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'));
    expect(chooseRuntime(() => resolveElectronBinary(require)).kind).toBe(hasBinary ? 'electron' : 'web');
  });
});
