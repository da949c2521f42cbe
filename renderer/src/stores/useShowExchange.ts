import { useCallback } from 'react';
import { useAppStore } from './appStore';

/** Opens the inspector on one exchange of a connection (the proof of a learned fact or quirk), from any screen. */
export function useShowExchange(connectionId: string): (exchangeId: string) => void {
  const goTo = useAppStore((s) => s.goTo);
  const selectExchange = useAppStore((s) => s.selectExchange);
  const setInspectorFilters = useAppStore((s) => s.setInspectorFilters);
  return useCallback(
    (exchangeId: string) => {
      setInspectorFilters({ connectionId, method: '', statusClass: '', text: '' });
      selectExchange(exchangeId);
      goTo('inspector');
    },
    [connectionId, goTo, selectExchange, setInspectorFilters],
  );
}
