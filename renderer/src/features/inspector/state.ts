import { useAppStore } from '../../stores';

// The inspector's slice, read one stable value at a time (as stores/selectors.ts does for the rest).
export const useInspectorFilters = () => useAppStore((s) => s.inspectorFilters);
export const useSetInspectorFilters = () => useAppStore((s) => s.setInspectorFilters);
export const useSelectedExchangeId = () => useAppStore((s) => s.inspectorSelectedId);
export const useSelectExchange = () => useAppStore((s) => s.selectExchange);
export const useCompareIds = () => useAppStore((s) => s.inspectorCompareIds);
export const useToggleCompare = () => useAppStore((s) => s.toggleCompare);
export const useInspectorView = () => useAppStore((s) => s.inspectorView);
export const useShowInspectorView = () => useAppStore((s) => s.showInspectorView);
export const useResetInspectorSelection = () => useAppStore((s) => s.resetInspectorSelection);
export const useInspectorConsole = () => useAppStore((s) => s.inspectorConsole);
export const useOpenConsole = () => useAppStore((s) => s.openConsole);
