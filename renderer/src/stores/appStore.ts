import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createInspectorSlice, type InspectorSlice } from './inspectorSlice';
import { createNavigationSlice, type NavigationSlice } from './navigationSlice';
import { createQuirkSlice, type QuirkSlice } from './quirkSlice';
import { createRetrySlice, type RetrySlice } from './retrySlice';
import { createScanSlice, type ScanSlice } from './scanSlice';
import { createThemeSlice, type ThemeSlice } from './themeSlice';
import { createToastSlice, type ToastSlice } from './toastSlice';

/** UI state only; anything the main side owns lives in react-query. */
export type AppStore = NavigationSlice & ConnectionSlice & ThemeSlice & ToastSlice & QuirkSlice & InspectorSlice & RetrySlice & ScanSlice;

export const useAppStore = create<AppStore>()((...a) => ({
  ...createNavigationSlice(...a),
  ...createConnectionSlice(...a),
  ...createThemeSlice(...a),
  ...createToastSlice(...a),
  ...createQuirkSlice(...a),
  ...createInspectorSlice(...a),
  ...createRetrySlice(...a),
  ...createScanSlice(...a),
}));
