// The `electron` package (optionalDependencies) declares Node >= 22.12, so npm silently skips it on
// Node 20, and its binary cannot be downloaded everywhere. Typecheck and the unit tests need only its
// real `electron.d.ts` (never a hand-written stand-in): where npm skipped the package, this unpacks
// the locked version from the registry into node_modules/electron, checked against the lockfile's
// integrity, without running its binary installer. `npm start` then falls back to the web shell.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'node_modules', 'electron');
if (existsSync(join(target, 'electron.d.ts'))) process.exit(0);

const locked = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/electron'];
const tmp = mkdtempSync(join(tmpdir(), 'scim-desk-electron-'));
try {
  console.log(`--- unpacking electron@${locked.version} (types and JS only; npm skipped it on Node ${process.versions.node})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const tarball = execFileSync(npm, ['pack', '--silent', `electron@${locked.version}`], { cwd: tmp, encoding: 'utf8', shell: process.platform === 'win32' })
    .trim()
    .split('\n')
    .pop();
  const file = join(tmp, tarball);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (integrity !== locked.integrity) throw new Error(`electron@${locked.version} from the registry does not match package-lock.json's integrity`);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', file, '-C', target, '--strip-components=1']);
  if (!existsSync(join(target, 'electron.d.ts'))) throw new Error('the electron package has no electron.d.ts');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
