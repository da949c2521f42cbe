import { create } from 'zustand';
import { createBrowserColumnsSlice, persistColumns, type BrowserColumnsSlice } from './browserColumnsSlice';
import { createBulkSourceSlice, type BulkSourceSlice } from './bulkSourceSlice';
import { createChoicesSlice, type ChoicesSlice } from './choicesSlice';
import { createDraftSlice, type DraftSlice } from './draftSlice';
import { createInspectorSlice, type InspectorSlice } from './inspectorSlice';
import { createNavigationSlice, type NavigationSlice } from './navigationSlice';
import { createRetrySlice, type RetrySlice } from './retrySlice';
import { createScanSlice, type ScanSlice } from './scanSlice';
import { createToastSlice, type ToastSlice } from './toastSlice';

/**
 * The one client-state store: UI state only, as slices, read through the selectors in selectors.ts.
 * Anything the main side owns (resources, capabilities, learned facts, quirks, jobs) lives in react-query.
 */
export type AppStore = NavigationSlice &
  ChoicesSlice &
  ToastSlice &
  InspectorSlice &
  RetrySlice &
  ScanSlice &
  BrowserColumnsSlice &
  DraftSlice &
  BulkSourceSlice;

export const useAppStore = create<AppStore>()((...a) => ({
  ...createNavigationSlice(...a),
  ...createChoicesSlice(...a),
  ...createToastSlice(...a),
  ...createInspectorSlice(...a),
  ...createRetrySlice(...a),
  ...createScanSlice(...a),
  ...createBrowserColumnsSlice(...a),
  ...createDraftSlice(...a),
  ...createBulkSourceSlice(...a),
}));

persistColumns(useAppStore);
