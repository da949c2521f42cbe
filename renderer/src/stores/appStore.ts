import { create } from 'zustand';
import { createBrowserColumnsSlice, persistColumns, type BrowserColumnsSlice } from './browserColumnsSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createDraftSlice, type DraftSlice } from './draftSlice';
import { createInspectorSlice, type InspectorSlice } from './inspectorSlice';
import { createJobSelectionSlice, type JobSelectionSlice } from './jobSelectionSlice';
import { createNavigationSlice, type NavigationSlice } from './navigationSlice';
import { createRetrySlice, type RetrySlice } from './retrySlice';
import { createScanSlice, type ScanSlice } from './scanSlice';
import { createThemeSlice, type ThemeSlice } from './themeSlice';
import { createToastSlice, type ToastSlice } from './toastSlice';

/**
 * The one client-state store: UI state only, as slices, read through the selectors in selectors.ts.
 * Anything the main side owns (resources, capabilities, learned facts, quirks, jobs) lives in react-query.
 */
export type AppStore = NavigationSlice &
  ConnectionSlice &
  ThemeSlice &
  ToastSlice &
  InspectorSlice &
  RetrySlice &
  ScanSlice &
  BrowserColumnsSlice &
  DraftSlice &
  JobSelectionSlice;

export const useAppStore = create<AppStore>()((...a) => ({
  ...createNavigationSlice(...a),
  ...createConnectionSlice(...a),
  ...createThemeSlice(...a),
  ...createToastSlice(...a),
  ...createInspectorSlice(...a),
  ...createRetrySlice(...a),
  ...createScanSlice(...a),
  ...createBrowserColumnsSlice(...a),
  ...createDraftSlice(...a),
  ...createJobSelectionSlice(...a),
}));

persistColumns(useAppStore);
