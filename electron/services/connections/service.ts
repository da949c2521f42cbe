import { randomUUID } from 'node:crypto';
import {
  AppError,
  isCredentialHeaderName,
  type ConnectionDraft,
  type ConnectionSettings,
  type ConnectionView,
  type DemoPersonaName,
} from '../../../shared/contract';
import type { ResolvedConnection, ResolvedSecretHeader } from '../http/client';
import { authSecretMismatch, authSecretOrigin, headerSecretMismatch, headerSecretOrigin, originOf } from '../secrets/origin-binding';
import { SecretUnreadableError, type SecretVault, type SecretWrite, type VaultChange } from '../secrets/vault';
import { draftKey } from './draft-key';
import type { ConnectionStore, ProfileSettings, StoredConnection } from './store';

/** What the connection service needs of the running demo server. */
export interface DemoRuntime {
  readonly url: string;
  readonly users: number;
  /** Per-launch bearer token the demo server expects; it is the demo connections' secret. */
  readonly token: string;
  baseUrl(persona: DemoPersonaName): string;
  describe(persona: DemoPersonaName): { label: string; description: string };
}

/**
 * A draft checked against the saved connection: what to save and what to send. Every secret it
 * keeps was saved for the origin the draft would send it to.
 */
interface DraftPlan {
  settings: ProfileSettings;
  auth: { kind: 'set'; value: string; origin: string } | { kind: 'keep'; origin: string } | { kind: 'clear' };
  headers: ({ name: string; kind: 'set'; value: string; origin: string } | { name: string; kind: 'keep'; origin: string })[];
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

  /**
   * Brings files written by earlier versions up to date, once at start: vault entries saved before
   * origins were recorded are bound to the origin of the profile as saved, and extra headers named
   * like credentials are moved from connections.json into the vault (the file is rewritten).
   */
  async migrate(): Promise<void> {
    const rewrites = new Map<string, Partial<ProfileSettings>>();
    for (const stored of this.store.list()) {
      const credentials = stored.extraHeaders.filter((h) => isCredentialHeaderName(h.name));
      if (credentials.length > 0) {
        const origin = headerSecretOrigin(stored);
        const kept = stored.secretHeaders.filter((h) => !credentials.some((c) => sameName(c.name, h.name)));
        await this.vault.apply(stored.id, {
          headers: [
            ...kept.map((h) => ({ name: h.name, write: 'keep' as const })),
            ...credentials.map((h) => ({ name: h.name, write: { value: h.value, origin } })),
          ],
        });
        rewrites.set(stored.id, {
          extraHeaders: stored.extraHeaders.filter((h) => !isCredentialHeaderName(h.name)),
          secretHeaders: [...kept, ...credentials.map((h) => ({ name: h.name }))],
        });
      }
      if (!stored.demo) await this.vault.bindUnbound(stored.id, { auth: authSecretOrigin(stored), headers: headerSecretOrigin(stored) });
    }
    // The vault holds the values before the profile file stops holding them: a crash in between loses nothing.
    await this.store.rewrite(rewrites);
  }

  list(): ConnectionView[] {
    return this.store.list().map((c) => this.toView(c));
  }

  view(id: string): ConnectionView {
    return this.toView(this.store.get(id));
  }

  async create(draft: ConnectionDraft): Promise<ConnectionView> {
    const plan = this.plan(draft);
    const created = await this.store.create(plan.settings);
    try {
      await this.vault.apply(created.id, vaultChange(plan));
    } catch (error) {
      // Nothing half-saved: a profile whose secret failed to save is removed again.
      await this.store.delete(created.id);
      throw error;
    }
    return this.toView(created);
  }

  async update(id: string, draft: ConnectionDraft): Promise<ConnectionView> {
    const current = this.store.get(id);
    // Checked before anything is written: a refused draft leaves the profile and its secrets as they were.
    const plan = this.plan(draft, current);
    const settings = current.demo ? this.keepManagedDemoFields(current, plan.settings) : plan.settings;
    const change = vaultChange(plan);
    // A kept secret passed the check, so the origin it is kept for is the one it was saved for: record it if it never was.
    if (!current.demo) await this.vault.bindUnbound(id, { auth: authSecretOrigin(draft.settings), headers: headerSecretOrigin(draft.settings) });
    // The demo server's token is managed by the app; only header secrets are the user's.
    await this.vault.apply(id, current.demo ? { headers: change.headers } : change);
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
            maxConcurrency: 6,
            maxRequestsPerSecond: null,
            readOnly: false,
            updateMethod: 'patch',
          },
        };
      }),
    );
  }

  /** Settings and secrets of a saved connection, ready to send, each secret with the origin it was saved for. */
  resolve(id: string): ResolvedConnection {
    const stored = this.store.get(id);
    if (stored.demo) {
      if (!this.demo) throw new AppError({ code: 'network', message: 'The demo server is not running; restart the app to start it.' });
      // Managed: the demo server's URL changes between launches, and its secrets follow it.
      const settings = { ...stripStored(stored), baseUrl: this.demo.baseUrl(stored.demo.persona), proxy: { mode: 'none' as const } };
      const origin = originOf(settings.baseUrl);
      return { key: id, settings, secret: this.demo.token, secretOrigin: origin, secretHeaders: this.savedHeaders(stored).map((h) => ({ ...h, origin })) };
    }
    return {
      key: id,
      settings: stripStored(stored),
      secret: this.readSecret(() => this.vault.get(id)),
      secretOrigin: this.boundAuthOrigin(stored),
      secretHeaders: this.savedHeaders(stored),
    };
  }

  /**
   * An unsaved draft; with `id`, a kept secret (and demo wiring) comes from the saved connection,
   * and only to the origin it was saved for.
   */
  resolveDraft(draft: ConnectionDraft, id?: string): ResolvedConnection {
    const stored = id ? this.store.get(id) : undefined;
    const plan = this.plan(draft, stored);
    const headers = (read: (name: string) => string | undefined): ResolvedSecretHeader[] =>
      plan.headers.map((h) => ({ name: h.name, value: h.kind === 'set' ? h.value : read(h.name), origin: h.origin }));
    const key = draftKey(randomUUID());
    if (stored?.demo) {
      const saved = this.resolve(stored.id);
      const settings = this.keepManagedDemoFields(stored, stripProfile(plan.settings), saved.settings.baseUrl);
      const origin = originOf(settings.baseUrl);
      return {
        ...saved,
        settings,
        secretHeaders: headers((name) => this.readSecret(() => this.vault.getHeader(stored.id, name)?.value)).map((h) => ({ ...h, origin })),
      };
    }
    const settings = stripProfile(plan.settings);
    const secret =
      plan.auth.kind === 'set' ? plan.auth.value : plan.auth.kind === 'keep' && stored ? this.readSecret(() => this.vault.get(stored.id)) : undefined;
    return {
      key,
      settings,
      secret,
      ...(plan.auth.kind !== 'clear' ? { secretOrigin: plan.auth.origin } : {}),
      secretHeaders: headers((name) => (stored ? this.readSecret(() => this.vault.getHeader(stored.id, name)?.value) : undefined)),
    };
  }

  /**
   * Checks a draft against the saved connection (if any) and decides what happens to each secret.
   * A kept secret must have been saved for the origin the draft would send it to; otherwise the
   * draft is refused, naming both origins, and the user enters the secret again.
   */
  private plan(draft: ConnectionDraft, stored?: StoredConnection): DraftPlan {
    const { settings } = draft;
    // Credential-named headers typed as plain extra headers are secrets all the same.
    const typed = settings.extraHeaders.filter((h) => isCredentialHeaderName(h.name));
    const plain = settings.extraHeaders.filter((h) => !isCredentialHeaderName(h.name));
    const headerChanges = [
      ...draft.secretHeaders.map((h, index) => ({ ...h, field: `secretHeaders.${index}` })),
      ...typed.map((h) => ({ name: h.name, value: { action: 'set' as const, value: h.value }, field: `extraHeaders.${settings.extraHeaders.indexOf(h)}` })),
    ];
    const isDemo = Boolean(stored?.demo);
    const headerTarget = isDemo && this.demo ? originOf(this.demo.baseUrl(stored!.demo!.persona)) : headerSecretOrigin(settings);

    const headers: DraftPlan['headers'] = [];
    const seen = new Set<string>();
    for (const change of headerChanges) {
      if (change.value.action === 'clear') continue;
      const lower = change.name.toLowerCase();
      if (seen.has(lower) || plain.some((h) => sameName(h.name, change.name))) {
        throw new AppError({ code: 'invalid_input', field: `${change.field}.name`, message: `The header ${change.name} is given twice.` });
      }
      seen.add(lower);
      if (change.value.action === 'set') {
        if (change.value.value === '')
          throw new AppError({ code: 'invalid_input', field: `${change.field}.value`, message: `Enter a value for the header ${change.name}.` });
        headers.push({ name: change.name, kind: 'set', value: change.value.value, origin: headerTarget });
        continue;
      }
      if (!stored || !this.vault.hasHeader(stored.id, change.name)) {
        throw new AppError({ code: 'invalid_input', field: `${change.field}.value`, message: `Enter a value for the header ${change.name}: none is saved.` });
      }
      const savedFor = this.vault.headerOrigin(stored.id, change.name) ?? headerSecretOrigin(stored);
      if (!isDemo && savedFor !== headerTarget) throw headerSecretMismatch(change.name, savedFor, headerTarget, `${change.field}.value`);
      headers.push({ name: change.name, kind: 'keep', origin: headerTarget });
    }

    const profile: ProfileSettings = { ...settings, extraHeaders: plain, secretHeaders: headers.map((h) => ({ name: h.name })) };
    const target = authSecretOrigin(settings);
    const secret = draft.secret;
    let auth: DraftPlan['auth'];
    if (settings.auth.type === 'none' || secret.action === 'clear') auth = { kind: 'clear' };
    else if (secret.action === 'set') auth = { kind: 'set', value: secret.value, origin: target };
    // A kept secret means something else under another auth type (a token is no password): drop it.
    else if (!stored || isDemo) auth = { kind: 'keep', origin: target };
    else if (stored.auth.type !== settings.auth.type) auth = { kind: 'clear' };
    else {
      const savedFor = this.boundAuthOrigin(stored);
      if (this.vault.has(stored.id) && savedFor !== target) throw authSecretMismatch(settings.auth.type, savedFor, target);
      auth = { kind: 'keep', origin: target };
    }
    return { settings: profile, auth, headers };
  }

  /** The origin the saved auth secret may go to; entries from before origins were recorded are bound to the profile as saved. */
  private boundAuthOrigin(stored: StoredConnection): string {
    return this.vault.origin(stored.id) ?? authSecretOrigin(stored);
  }

  /** The saved connection's secret headers, decrypted, each with the origin it was saved for. */
  private savedHeaders(stored: StoredConnection): ResolvedSecretHeader[] {
    const legacy = headerSecretOrigin(stored);
    // A profile still holding a credential header in clear (not yet migrated) sends it as before, bound like the rest.
    const unmigrated = stored.extraHeaders.filter((h) => isCredentialHeaderName(h.name)).map((h) => ({ name: h.name, value: h.value, origin: legacy }));
    return [
      ...stored.secretHeaders.map((h) => {
        const opened = this.readSecret(() => this.vault.getHeader(stored.id, h.name));
        return { name: h.name, value: opened?.value, origin: opened?.origin ?? legacy };
      }),
      ...unmigrated,
    ];
  }

  private readSecret<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof SecretUnreadableError) throw new AppError({ code: 'auth', field: 'secret', message: error.message });
      throw error;
    }
  }

  /** The demo server's URL and token are managed by the app; the user may change the rest. */
  private keepManagedDemoFields<S extends ConnectionSettings>(stored: StoredConnection, next: S, liveUrl?: string): S {
    return { ...next, baseUrl: liveUrl ?? stored.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' } };
  }

  private toView(stored: StoredConnection): ConnectionView {
    const { demo, secretHeaders, ...rest } = stored;
    const headers = secretHeaders.map((h) => ({ name: h.name, hasValue: this.vault.hasHeader(stored.id, h.name) }));
    // Not yet migrated: never shown, only said to be set.
    for (const h of rest.extraHeaders) if (isCredentialHeaderName(h.name)) headers.push({ name: h.name, hasValue: true });
    const view = { ...rest, extraHeaders: rest.extraHeaders.filter((h) => !isCredentialHeaderName(h.name)), secretHeaders: headers };
    if (demo) {
      const info = this.demo?.describe(demo.persona);
      return {
        ...view,
        baseUrl: this.demo ? this.demo.baseUrl(demo.persona) : rest.baseUrl,
        hasSecret: this.demo !== null,
        demo: { persona: demo.persona, description: info?.description ?? 'The demo server is not running.' },
      };
    }
    return { ...view, hasSecret: this.vault.has(stored.id) };
  }
}

function vaultChange(plan: DraftPlan): VaultChange {
  const write = (value: string, origin: string): SecretWrite => ({ value, origin });
  return {
    auth: plan.auth.kind === 'set' ? write(plan.auth.value, plan.auth.origin) : plan.auth.kind === 'clear' ? null : undefined,
    headers: plan.headers.map((h) => ({ name: h.name, write: h.kind === 'set' ? write(h.value, h.origin) : ('keep' as const) })),
  };
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function stripStored(stored: StoredConnection): ConnectionSettings {
  const { id: _id, demo: _demo, createdAt: _c, updatedAt: _u, secretHeaders: _s, ...settings } = stored;
  return settings;
}

function stripProfile(profile: ProfileSettings): ConnectionSettings {
  const { secretHeaders: _s, ...settings } = profile;
  return settings;
}
