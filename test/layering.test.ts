import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering is only real if the lint rules fire: feed them code that breaks each layer.
const eslint = new ESLint({ cwd: process.cwd() });
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('architecture layering lint', () => {
  it('keeps shared/ free of Node and DOM', async () => {
    expect(await ruleIds('shared/x/probe.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x/probe.ts', 'export const w = window.location;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
  });

  it('keeps electron out of services and the web shell', async () => {
    expect(await ruleIds('electron/services/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/web/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/shell/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toContain('no-restricted-imports');
  });

  it('lets the renderer import the contract for types only', async () => {
    const runtime = "import { contract } from '../../../shared/contract';\nexport const c = contract;\n";
    const typeOnly = "import type { Bridge } from '../../../shared/contract';\nexport type B = Bridge;\n";
    expect(await ruleIds('renderer/src/x/probe.ts', runtime)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('renderer/src/x/probe.ts', typeOnly)).not.toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('renderer/src/x/probe.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  });

  it('keeps renderer features from importing each other, and lets them use the shared layers', async () => {
    const rule = '@typescript-eslint/no-restricted-imports';
    const probe = (from: string, source: string) => ruleIds(from, `import { x } from '${source}';\nexport const y = x;\n`);
    const feature = 'renderer/src/features/browser/probe.ts';
    expect(await probe(feature, '../patch/model')).toContain(rule);
    expect(await probe(feature, '../export')).toContain(rule);
    for (const allowed of ['./columns', '../../scim', '../../ui/DetailTabs', '../../lib/useDebounced', '../../../../shared/scim']) {
      expect(await probe(feature, allowed)).not.toContain(rule);
    }
    // The renderer's own rules still hold in features; the app layer composes features.
    expect(await probe(feature, 'node:fs')).toContain(rule);
    expect(await probe('renderer/src/app/probe.ts', '../features/patch/PatchScreen')).not.toContain(rule);
  });
});
