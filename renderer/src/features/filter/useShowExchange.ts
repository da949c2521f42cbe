import { useCallback } from 'react';
import { useGoTo } from '../../stores';
import { useSelectExchange, useSetInspectorFilters } from '../inspector/state';

/** Opens the inspector on the exchange that showed a learned fact, as the server-facts dialog does. */
export function useShowExchange(connectionId: string): (exchangeId: string) => void {
  const goTo = useGoTo();
  const selectExchange = useSelectExchange();
  const setInspectorFilters = useSetInspectorFilters();
  return useCallback(
    (exchangeId: string) => {
      setInspectorFilters({ connectionId, method: '', statusClass: '', text: '' });
      selectExchange(exchangeId);
      goTo('inspector');
    },
    [connectionId, goTo, selectExchange, setInspectorFilters],
  );
}
