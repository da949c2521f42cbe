import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Bytes buffered before they are written out. */
const FLUSH_BYTES = 1024 * 1024;

export interface Spilled {
  offset: number;
  length: number;
}

/**
 * Texts set aside in a scratch file until they are needed (the resources a large match found, read
 * back one at a time when their rows are planned): what memory holds is their offsets, not them.
 */
export class SpillFile {
  private handle?: Promise<FileHandle>;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Bytes handed out (written or pending). */
  private size = 0;
  private written = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  add(text: string): Spilled {
    const length = Buffer.byteLength(text);
    const at = { offset: this.size, length };
    this.size += length;
    this.pending.push(text);
    this.pendingBytes += length;
    return at;
  }

  /** Writes out what is buffered once there is enough of it (call between batches). */
  settle(): Promise<void> {
    return this.pendingBytes >= FLUSH_BYTES ? this.flush() : this.writing;
  }

  flush(): Promise<void> {
    if (this.pending.length === 0) return this.writing;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    const position = this.written;
    this.written += chunk.length;
    const previous = this.writing;
    this.writing = (async () => {
      await previous;
      await (await this.open()).write(chunk, 0, chunk.length, position);
    })();
    return this.writing;
  }

  async read(at: Spilled): Promise<string> {
    if (at.offset + at.length > this.written) await this.flush();
    await this.writing;
    const buffer = Buffer.alloc(at.length);
    await (await this.open()).read(buffer, 0, at.length, at.offset);
    return buffer.toString('utf8');
  }

  /** Removes the file. */
  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  private open(): Promise<FileHandle> {
    this.handle ??= mkdir(dirname(this.path), { recursive: true }).then(() => open(this.path, 'w+'));
    return this.handle;
  }
}
