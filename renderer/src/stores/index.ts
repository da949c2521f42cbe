export { useAppStore, type AppStore } from './appStore';
export { screenIds, isScreenId, type ScreenId } from './navigationSlice';
export type { Toast } from './toastSlice';
export type { ThemePreference } from './choicesSlice';
export { currentRetries, retryAnnouncement, retryText, type RetryEntry } from './retrySlice';
export * from './selectors';
export { useShowExchange } from './useShowExchange';
export { browserViewKey } from './browserColumnsSlice';
export type { BulkBrowserSource, BulkBrowserTarget, BulkJobToOpen } from './bulkSourceSlice';
