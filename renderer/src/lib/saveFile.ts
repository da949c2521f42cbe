/** The File System Access API's save picker (Chromium, Electron); not in TypeScript's DOM library. */
interface SaveFileHandle {
  createWritable: () => Promise<{ write: (data: Blob) => Promise<void>; close: () => Promise<void> }>;
}
type ShowSaveFilePicker = (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<SaveFileHandle>;

export type SaveTarget = { kind: 'file'; handle: SaveFileHandle } | { kind: 'download' };

const isAbortError = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/**
 * Asks where to save, while the click's user activation lasts (before the pages are fetched).
 * null: the user cancelled the picker. Without a picker, or when it fails, the file is downloaded instead.
 */
export async function chooseSaveTarget(suggestedName: string, mime: string, extension: string): Promise<SaveTarget | null> {
  const picker = (window as unknown as { showSaveFilePicker?: ShowSaveFilePicker }).showSaveFilePicker;
  if (typeof picker !== 'function') return { kind: 'download' };
  try {
    const handle = await picker.call(window, { suggestedName, types: [{ description: extension.toUpperCase(), accept: { [mime]: [`.${extension}`] } }] });
    return { kind: 'file', handle };
  } catch (error) {
    if (isAbortError(error)) return null;
    return { kind: 'download' };
  }
}

export async function saveBlob(target: SaveTarget, blob: Blob, fileName: string): Promise<void> {
  if (target.kind === 'file') {
    const writable = await target.handle.createWritable();
    await writable.write(blob);
    await writable.close();
    return;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL can go once this task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "users-2026-11-22.csv": the endpoint's last segment and today's local date. */
export function suggestedFileName(endpoint: string, extension: string, now = new Date()): string {
  const base =
    endpoint
      .split('/')
      .filter(Boolean)
      .pop()
      ?.toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-') || 'export';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${extension}`;
}
