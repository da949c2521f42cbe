import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A localStorage stand-in with what an earlier version saved (zustand persist's shape). */
function storageWith(initial: Record<string, string>) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('browser column choices', () => {
  beforeEach(() => vi.resetModules());

  it('carries over choices saved by an earlier version, and writes changes back in the same shape', async () => {
    const storage = storageWith({
      'scim-desk.browser-columns': JSON.stringify({ state: { columnsByView: { 'c1 /Users': ['userName', 'emails'] } }, version: 1 }),
    });
    vi.stubGlobal('localStorage', storage);
    const { useAppStore } = await import('./appStore');
    expect(useAppStore.getState().columnsByView['c1 /Users']).toEqual(['userName', 'emails']);

    useAppStore.getState().setColumns('c1 /Groups', ['displayName']);
    expect(JSON.parse(storage.items.get('scim-desk.browser-columns')!)).toEqual({
      state: { columnsByView: { 'c1 /Users': ['userName', 'emails'], 'c1 /Groups': ['displayName'] } },
      version: 1,
    });
    useAppStore.getState().resetColumns('c1 /Users');
    expect(JSON.parse(storage.items.get('scim-desk.browser-columns')!).state.columnsByView).toEqual({ 'c1 /Groups': ['displayName'] });
    vi.unstubAllGlobals();
  });

  it('starts from the defaults when what was saved cannot be read', async () => {
    vi.stubGlobal('localStorage', storageWith({ 'scim-desk.browser-columns': '{not json' }));
    const { useAppStore } = await import('./appStore');
    expect(useAppStore.getState().columnsByView).toEqual({});
    vi.unstubAllGlobals();
  });
});
