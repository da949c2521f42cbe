import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export type JsonReadResult<T> =
  | { state: 'missing' }
  | { state: 'ok'; value: T }
  /** The file could not be parsed and was moved aside; `movedTo` says where. */
  | { state: 'corrupt'; movedTo: string; reason: string };

/** Reads a JSON file; a file that does not parse or validate is moved aside so the app can still start. */
export async function readJsonFile<T>(path: string, validate: (raw: unknown) => T): Promise<JsonReadResult<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  try {
    return { state: 'ok', value: validate(JSON.parse(text)) };
  } catch (error) {
    const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, movedTo);
    return { state: 'corrupt', movedTo, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a profile file. */
export async function writeJsonFile(path: string, value: unknown, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export async function writeTextFileExclusive(path: string, text: string, mode: number): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { mode, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Serialises read-modify-write cycles on one file. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
