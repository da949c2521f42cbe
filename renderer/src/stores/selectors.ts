import type { Quirk } from '../../../shared/contract';
import { useAppStore } from './appStore';
import type { QuirksByCode } from './quirkSlice';

// Components read the store through these, each selecting one stable value.
export const useScreen = () => useAppStore((s) => s.screen);
export const useGoTo = () => useAppStore((s) => s.goTo);
export const useVisitedScreens = () => useAppStore((s) => s.visitedScreens);
export const useChosenConnectionId = () => useAppStore((s) => s.chosenConnectionId);
export const useChooseConnection = () => useAppStore((s) => s.chooseConnection);
export const useChosenTheme = () => useAppStore((s) => s.chosenTheme);
export const useChooseTheme = () => useAppStore((s) => s.chooseTheme);
export const useToasts = () => useAppStore((s) => s.toasts);
export const useShowToast = () => useAppStore((s) => s.showToast);
export const useDismissToast = () => useAppStore((s) => s.dismissToast);
export const useRecordQuirks = () => useAppStore((s) => s.recordQuirks);
export const useForgetQuirks = () => useAppStore((s) => s.forgetQuirks);
export const useScanProgressed = () => useAppStore((s) => s.scanProgressed);
export const useScanProgress = (progressKey: string | undefined) => useAppStore((s) => (progressKey ? s.scans[progressKey] : undefined));
export const useRetries = () => useAppStore((s) => s.retries);
export const useRetryStarted = () => useAppStore((s) => s.retryStarted);
export const useRetryEnded = () => useAppStore((s) => s.retryEnded);
export const useRetryCallCancelled = () => useAppStore((s) => s.retryCallCancelled);
export const usePruneRetries = () => useAppStore((s) => s.pruneRetries);

const NO_QUIRKS: QuirksByCode = {};
export const useConnectionQuirks = (connectionId: string | null): QuirksByCode =>
  useAppStore((s) => (connectionId ? (s.quirksByConnection[connectionId] ?? NO_QUIRKS) : NO_QUIRKS));
export const useQuirkCount = (connectionId: string | null): number =>
  useAppStore((s) => (connectionId ? Object.keys(s.quirksByConnection[connectionId] ?? {}).length : 0));

export const quirkList = (quirks: QuirksByCode): Quirk[] => Object.values(quirks);
