import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ToastSlice {
  toasts: Toast[];
  showToast: (kind: ToastKind, message: string) => void;
  dismissToast: (id: number) => void;
}

const MAX_TOASTS = 5;
let nextToastId = 1;

export const createToastSlice: StateCreator<AppStore, [], [], ToastSlice> = (set) => ({
  toasts: [],
  showToast: (kind, message) => set((state) => ({ toasts: [...state.toasts, { id: nextToastId++, kind, message }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
});
