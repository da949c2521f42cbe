import { useEffect } from 'react';

export type BootState = 'loading' | 'ready' | 'error';

/** Mirrors the app's boot state on #root, the element tests wait on. */
export function useRootState(state: BootState): void {
  useEffect(() => {
    const root = document.getElementById('root');
    if (root) root.dataset.state = state;
  }, [state]);
}
