// Bundles the Node-side entries into dist-electron/: the Electron main process and its sandboxed
// preload, plus the web shell and the standalone demo server (built once their sources exist).
// Usage: node scripts/build-electron.mjs   (exits non-zero on any build error)
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist-electron');

// Optional native add-ons some dependencies probe for at runtime; never bundled, absence tolerated.
const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate', 'fsevents', 'cpu-features'];

// ESM sources may use import.meta.url / import.meta.dirname; in a CJS bundle they map to the bundle's own file.
const importMetaShim = {
  banner: {
    js: [
      "const __scimDeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      'const __scimDeskImportMetaDirname = __dirname;',
      'const __scimDeskImportMetaFilename = __filename;',
    ].join('\n'),
  },
  define: {
    'import.meta.url': '__scimDeskImportMetaUrl',
    'import.meta.dirname': '__scimDeskImportMetaDirname',
    'import.meta.filename': '__scimDeskImportMetaFilename',
  },
};

const nodeDefaults = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  ...importMetaShim,
};

const targets = [
  {
    name: 'Electron main',
    entry: 'electron/shell/main.ts',
    out: 'main.cjs',
    options: { ...nodeDefaults, external: ['electron', ...OPTIONAL_NATIVE] },
  },
  {
    // Sandboxed preloads get a browser-like context with a small `require` that provides 'electron';
    // building for the browser platform makes any accidental Node built-in import a build error.
    name: 'Electron preload',
    entry: 'electron/shell/preload.ts',
    out: 'preload.cjs',
    options: {
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      sourcemap: true,
      logLevel: 'warning',
      legalComments: 'none',
      external: ['electron'],
    },
  },
  {
    name: 'web shell',
    entry: 'electron/web/cli.ts',
    out: 'web.cjs',
    optional: true,
    options: { ...nodeDefaults, external: ['electron', ...OPTIONAL_NATIVE] },
  },
  {
    name: 'demo server',
    entry: 'electron/services/demo/cli.ts',
    out: 'demo-server.cjs',
    optional: true,
    options: { ...nodeDefaults, external: ['electron', ...OPTIONAL_NATIVE] },
  },
];

async function main() {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  let failed = false;
  for (const target of targets) {
    const entry = join(root, target.entry);
    if (!existsSync(entry)) {
      if (target.optional) {
        console.warn(`skip  ${target.name}: ${target.entry} does not exist yet`);
        continue;
      }
      console.error(`error ${target.name}: ${target.entry} does not exist`);
      failed = true;
      continue;
    }
    const outfile = join(outDir, target.out);
    try {
      await build({ ...target.options, entryPoints: [entry], outfile, absWorkingDir: root });
      console.log(`built ${target.name}: ${relative(root, outfile)}`);
    } catch {
      // esbuild has already printed the errors.
      console.error(`error ${target.name}: build failed`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
