import { randomUUID } from 'node:crypto';
import {
  AppError,
  type ConnectionDraft,
  type ConnectionSettings,
  type ConnectionView,
  type DemoPersonaName,
} from '../../../shared/contract';
import type { ResolvedConnection } from '../http/client';
import { SecretUnreadableError, type SecretVault } from '../secrets/vault';
import type { ConnectionStore, StoredConnection } from './store';

/** What the connection service needs of the running demo server. */
export interface DemoRuntime {
  readonly url: string;
  readonly users: number;
  /** Per-launch bearer token the demo server expects; it is the demo connections' secret. */
  readonly token: string;
  baseUrl(persona: DemoPersonaName): string;
  describe(persona: DemoPersonaName): { label: string; description: string };
}

/** Connection profiles joined with their secrets and the demo server; the one place that resolves a connection for sending. */
export class ConnectionService {
  constructor(
    private readonly store: ConnectionStore,
    private readonly vault: SecretVault,
    private demo: DemoRuntime | null,
  ) {}

  setDemo(demo: DemoRuntime | null): void {
    this.demo = demo;
  }

  list(): ConnectionView[] {
    return this.store.list().map((c) => this.toView(c));
  }

  view(id: string): ConnectionView {
    return this.toView(this.store.get(id));
  }

  async create(draft: ConnectionDraft): Promise<ConnectionView> {
    const created = await this.store.create(draft.settings);
    try {
      await this.applySecret(created.id, draft);
    } catch (error) {
      // Nothing half-saved: a profile whose secret failed to save is removed again.
      await this.store.delete(created.id);
      throw error;
    }
    return this.toView(created);
  }

  async update(id: string, draft: ConnectionDraft): Promise<ConnectionView> {
    const current = this.store.get(id);
    const settings = current.demo ? this.keepManagedDemoFields(current, draft.settings) : draft.settings;
    // A kept secret means something else under another auth type (a token is no password): drop it.
    const authChanged = current.auth.type !== draft.settings.auth.type;
    if (!current.demo) await this.applySecret(id, authChanged && draft.secret.action === 'keep' ? { ...draft, secret: { action: 'clear' } } : draft);
    return this.toView(await this.store.update(id, settings));
  }

  async duplicate(id: string): Promise<ConnectionView> {
    const copy = await this.store.duplicate(id);
    await this.vault.copy(id, copy.id);
    return this.toView(copy);
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    await this.vault.delete(id);
  }

  async provisionDemo(personas: readonly DemoPersonaName[]): Promise<void> {
    if (this.store.demoProvisioned || !this.demo) return;
    const demo = this.demo;
    await this.store.provisionDemo(
      personas.map((persona, index) => {
        const { label } = demo.describe(persona);
        return {
          persona,
          name: index === 0 ? 'Demo' : `Demo · ${label}`,
          settings: {
            name: index === 0 ? 'Demo' : `Demo · ${label}`,
            baseUrl: demo.baseUrl(persona),
            auth: { type: 'bearer' },
            extraHeaders: [],
            tls: { allowInvalidCertificates: false },
            proxy: { mode: 'none' },
            timeoutMs: 30_000,
            readOnly: false,
            updateMethod: 'patch',
          },
        };
      }),
    );
  }

  /** Settings and secret of a saved connection, ready to send. */
  resolve(id: string): ResolvedConnection {
    const stored = this.store.get(id);
    if (stored.demo) {
      if (!this.demo) throw new AppError({ code: 'network', message: 'The demo server is not running; restart the app to start it.' });
      return { key: id, settings: { ...stored, baseUrl: this.demo.baseUrl(stored.demo.persona), proxy: { mode: 'none' } }, secret: this.demo.token };
    }
    return { key: id, settings: stripStored(stored), secret: this.readSecret(id) };
  }

  /** An unsaved draft; with `id`, a kept secret (and demo wiring) comes from the saved connection. */
  resolveDraft(draft: ConnectionDraft, id?: string): ResolvedConnection {
    if (id) {
      const saved = this.resolve(id);
      const stored = this.store.get(id);
      if (stored.demo) return { ...saved, settings: this.keepManagedDemoFields(stored, draft.settings, saved.settings.baseUrl) };
      const keepSaved = draft.secret.action === 'keep' && stored.auth.type === draft.settings.auth.type;
      const secret = draft.secret.action === 'set' ? draft.secret.value : keepSaved ? saved.secret : undefined;
      return { key: `draft:${randomUUID()}`, settings: draft.settings, secret };
    }
    return { key: `draft:${randomUUID()}`, settings: draft.settings, secret: draft.secret.action === 'set' ? draft.secret.value : undefined };
  }

  private readSecret(id: string): string | undefined {
    try {
      return this.vault.get(id);
    } catch (error) {
      if (error instanceof SecretUnreadableError) throw new AppError({ code: 'auth', field: 'secret', message: error.message });
      throw error;
    }
  }

  private async applySecret(id: string, draft: ConnectionDraft): Promise<void> {
    if (draft.settings.auth.type === 'none' || draft.secret.action === 'clear') return this.vault.delete(id);
    if (draft.secret.action === 'set') return this.vault.set(id, draft.secret.value);
  }

  /** The demo server's URL and token are managed by the app; the user may change the rest. */
  private keepManagedDemoFields(stored: StoredConnection, next: ConnectionSettings, liveUrl?: string): ConnectionSettings {
    return { ...next, baseUrl: liveUrl ?? stored.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' } };
  }

  private toView(stored: StoredConnection): ConnectionView {
    const { demo, ...rest } = stored;
    if (demo) {
      const info = this.demo?.describe(demo.persona);
      return {
        ...rest,
        baseUrl: this.demo ? this.demo.baseUrl(demo.persona) : rest.baseUrl,
        hasSecret: this.demo !== null,
        demo: { persona: demo.persona, description: info?.description ?? 'The demo server is not running.' },
      };
    }
    return { ...rest, hasSecret: this.vault.has(stored.id) };
  }
}

function stripStored(stored: StoredConnection): ConnectionSettings {
  const { id: _id, demo: _demo, createdAt: _c, updatedAt: _u, ...settings } = stored;
  return settings;
}
