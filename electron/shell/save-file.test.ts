import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nativeFileSaver } from './save-file';

describe('nativeFileSaver', () => {
  it('copies the job file where the native dialog says, and saves nothing when it is cancelled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'save-file-'));
    const source = join(dir, 'users.csv');
    await writeFile(source, 'userName\r\nann\r\n');
    const target = join(dir, 'chosen.csv');
    const showSaveDialog = vi.fn().mockResolvedValueOnce({ canceled: false, filePath: target }).mockResolvedValueOnce({ canceled: true, filePath: '' });
    const save = nativeFileSaver({ showSaveDialog } as never, () => null);
    const file = { jobId: 'j1', path: source, name: 'users.csv', mime: 'text/csv', bytes: 15 };

    await expect(save(file)).resolves.toEqual({ saved: true, path: target });
    expect(await readFile(target, 'utf8')).toBe('userName\r\nann\r\n');
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({ defaultPath: 'users.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });

    await expect(save(file)).resolves.toEqual({ saved: false });
  });
});
