import { useCallback } from 'react';
import { useAppStore } from './appStore';

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
export const useScanProgressed = () => useAppStore((s) => s.scanProgressed);
export const useScanProgress = (progressKey: string | undefined) => useAppStore((s) => (progressKey ? s.scans[progressKey] : undefined));
export const useRetries = () => useAppStore((s) => s.retries);
export const useRetryStarted = () => useAppStore((s) => s.retryStarted);
export const useRetryEnded = () => useAppStore((s) => s.retryEnded);
export const useRetryCallCancelled = () => useAppStore((s) => s.retryCallCancelled);
export const usePruneRetries = () => useAppStore((s) => s.pruneRetries);
export const useSavedColumns = (viewKey: string): readonly string[] | null => useAppStore((s) => s.columnsByView[viewKey] ?? null);
export const useSetColumns = () => useAppStore((s) => s.setColumns);
export const useResetColumns = () => useAppStore((s) => s.resetColumns);
/** A screen's unsent work (see DraftSlice); the screen names its type. */
export const useDraft = <T>(key: string): T | undefined => useAppStore((s) => s.drafts[key] as T | undefined);
export const useSetDraft = () => useAppStore((s) => s.setDraft);
export const readDraft = <T>(key: string): T | undefined => useAppStore.getState().drafts[key] as T | undefined;
export const useSelectedJobId = () => useAppStore((s) => s.selectedJobId);
export const useSelectJob = () => useAppStore((s) => s.selectJob);
/** What a browser handed to the Bulk screen (see BulkSourceSlice). */
export const useBulkSource = () => useAppStore((s) => s.bulkSource);
export const useSetBulkSource = () => useAppStore((s) => s.setBulkSource);
export const useClearBulkSource = () => useAppStore((s) => s.clearBulkSource);
/** A bulk job asked to be shown on the Bulk screen (see BulkSourceSlice). */
export const useBulkJobToOpen = () => useAppStore((s) => s.bulkJobToOpen);
/** Shows a bulk plan or send job on the Bulk screen (from the Jobs panel, say): the job's connection must be the active one. */
export function useOpenBulkJob(): (job: { connectionId: string; jobId: string; kind: 'bulkPlan' | 'bulkSend' }) => void {
  const openBulkJob = useAppStore((s) => s.openBulkJob);
  const goTo = useAppStore((s) => s.goTo);
  return useCallback(
    (job) => {
      openBulkJob(job);
      goTo('bulk');
    },
    [openBulkJob, goTo],
  );
}
