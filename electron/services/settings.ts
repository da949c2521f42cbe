import { settingsSchema, type Settings } from '../../shared/contract';
import { readJsonFile, writeJsonFile, WriteQueue } from './storage/json-file';

export class SettingsStore {
  private value: Settings = settingsSchema.parse({});
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];
  private constructor(private readonly path: string) {}

  static async open(path: string): Promise<SettingsStore> {
    const store = new SettingsStore(path);
    const read = await readJsonFile(path, (raw) => settingsSchema.parse(raw));
    if (read.state === 'ok') store.value = read.value;
    if (read.state === 'corrupt') store.notices.push(`The settings file could not be read; it was moved to ${read.movedTo} and defaults are in use.`);
    return store;
  }

  get(): Settings {
    return { ...this.value };
  }

  update(patch: Partial<Settings>): Promise<Settings> {
    return this.queue.run(async () => {
      const next = settingsSchema.parse({ ...this.value, ...patch });
      await writeJsonFile(this.path, next);
      this.value = next;
      return { ...next };
    });
  }
}
