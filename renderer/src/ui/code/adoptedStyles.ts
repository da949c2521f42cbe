import { StyleModule } from 'style-mod';

/**
 * CodeMirror styles itself through style-mod, which (since 4.1) writes a <style> element into a
 * document; the app's CSP (style-src 'self') refuses it and logs a violation. A constructable
 * stylesheet adopted by the document is CSSOM, which the CSP does not govern, so mounting is
 * redirected there. One sheet per document or shadow root, rebuilt only when the set of modules changes.
 */

type Root = Document | ShadowRoot;
type MountRoot = Parameters<typeof StyleModule.mount>[0];

/**
 * style-mod's ordering: the incoming modules keep their relative order (later ones win the cascade),
 * modules already mounted and not mentioned keep their place, and a module seen out of order moves.
 */
export function mergeModules<T>(current: readonly T[], incoming: readonly T[]): { modules: T[]; changed: boolean } {
  const modules = [...current];
  let changed = false;
  let at = 0;
  for (const module of incoming) {
    let index = modules.indexOf(module);
    if (index > -1 && index < at) {
      modules.splice(index, 1);
      changed = true;
      at--;
      index = -1;
    }
    if (index === -1) {
      modules.splice(at++, 0, module);
      changed = true;
    } else at = index + 1;
  }
  return { modules, changed };
}

const sheets = new WeakMap<Root, { sheet: CSSStyleSheet; modules: StyleModule[] }>();
let installed = false;

function adoptable(root: MountRoot): root is Root {
  return 'adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype;
}

/** Routes every StyleModule.mount (CodeMirror's only way in) to an adopted stylesheet. Idempotent. */
export function installAdoptedStyles(): void {
  if (installed) return;
  installed = true;
  const original = StyleModule.mount.bind(StyleModule);
  StyleModule.mount = (root, modules, options) => {
    if (!adoptable(root)) return original(root, modules, options);
    let set = sheets.get(root);
    if (!set) {
      set = { sheet: new CSSStyleSheet(), modules: [] };
      sheets.set(root, set);
    }
    const merged = mergeModules(set.modules, Array.isArray(modules) ? (modules as StyleModule[]) : [modules as StyleModule]);
    if (merged.changed) {
      set.modules = merged.modules;
      set.sheet.replaceSync(merged.modules.map((m) => m.getRules()).join('\n'));
    }
    if (!root.adoptedStyleSheets.includes(set.sheet)) root.adoptedStyleSheets = [set.sheet, ...root.adoptedStyleSheets];
  };
}
