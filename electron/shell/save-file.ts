import { copyFile } from 'node:fs/promises';
import type { BrowserWindow, Dialog } from 'electron';
import type { JobFile } from '../services/core';

/**
 * A job's finished file, saved where the user chooses in the native save dialog (a copy: the job keeps
 * its own until it is removed). Cancelling the dialog is not an error: nothing is saved.
 */
export function nativeFileSaver(dialog: Pick<Dialog, 'showSaveDialog'>, window: () => BrowserWindow | null) {
  return async (file: JobFile): Promise<{ saved: boolean; path?: string }> => {
    const extension = file.name.split('.').pop() ?? '';
    const options = { defaultPath: file.name, filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [] };
    const owner = window();
    const choice = owner && !owner.isDestroyed() ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await copyFile(file.path, choice.filePath);
    return { saved: true, path: choice.filePath };
  };
}
