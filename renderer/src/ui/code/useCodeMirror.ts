import { useEffect, useLayoutEffect, useRef, useState } from 'react';
// Types only: the module itself is fetched on first use, in its own chunk.
import type * as CodeMirror from './codemirror';

export type CodeMirrorModule = typeof CodeMirror;

let loading: Promise<CodeMirrorModule> | null = null;
let loaded: CodeMirrorModule | null = null;

/** The CodeMirror half of the code layer, imported once; a failed import is retried on the next use. */
function loadCodeMirror(): Promise<CodeMirrorModule> {
  loading ??= import('./codemirror').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export type CodeState = 'loading' | 'ready' | 'error';

/**
 * Mounts a CodeMirror view into `host` once the module is loaded; `mount` runs once per host (later
 * prop changes reach the handle through the caller's effects). The handle is destroyed on unmount.
 */
export function useCodeMirror<H extends { destroy(): void }>(mount: (cm: CodeMirrorModule, parent: HTMLElement) => H) {
  const host = useRef<HTMLDivElement>(null);
  const mountRef = useRef(mount);
  const [module, setModule] = useState<CodeMirrorModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const [handle, setHandle] = useState<H | null>(null);

  useLayoutEffect(() => {
    mountRef.current = mount;
  });
  useEffect(() => {
    if (module) return;
    let live = true;
    loadCodeMirror().then(
      (m) => live && setModule(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [module]);
  useLayoutEffect(() => {
    if (!module || !host.current) return;
    const created = mountRef.current(module, host.current);
    setHandle(created);
    return () => {
      created.destroy();
      setHandle(null);
    };
  }, [module]);

  const state: CodeState = failed ? 'error' : handle ? 'ready' : 'loading';
  return { host, handle, state };
}
