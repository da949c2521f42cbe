import type { AppErrorData, AuthConfig, AuthType, ConnectionDraftInput, ConnectionView } from '../../../../shared/contract';
import { isCredentialHeaderName } from '../../../../shared/exchange/credential-headers';
import { isBridgeError } from '../../bridge';
import { secretLabels, type ProxyMode } from './labels';

export interface HeaderRow {
  /** Stable across edits so React keys and error messages stay on the right row. */
  key: number;
  name: string;
  /** What the user typed; for a secret header with a saved value, empty until they replace it. */
  value: string;
  /** A secret header of the saved profile: the name its value is saved under (the value never reaches the renderer). */
  savedName?: string;
}

/** Everything the editor holds, as typed; only `toDraft` turns it into the contract's shape. */
export interface ConnectionFormState {
  name: string;
  baseUrl: string;
  authType: AuthType;
  // Fields of every auth type are kept, so switching type and back loses nothing typed.
  username: string;
  headerName: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  /** A new secret typed by the user; never prefilled, cleared after a successful save. */
  secret: string;
  clearSecret: boolean;
  extraHeaders: HeaderRow[];
  caCertificatesPem: string;
  allowInvalidCertificates: boolean;
  proxyMode: ProxyMode;
  proxyUrl: string;
  timeoutMs: string;
  maxConcurrency: string;
  /** Empty: no limit. */
  maxRequestsPerSecond: string;
  readOnly: boolean;
  updateMethod: 'patch' | 'put';
}

let nextRowKey = 1;
export const newHeaderRow = (name = '', value = '', savedName?: string): HeaderRow => ({
  key: nextRowKey++,
  name,
  value,
  ...(savedName !== undefined ? { savedName } : {}),
});

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the row still names the secret header whose value is saved. */
export const hasSavedValue = (row: HeaderRow): boolean => row.savedName !== undefined && sameName(row.name, row.savedName);

/** A header whose value is a secret: named like a credential, or saved as one. Stored encrypted by main, never shown. */
export const isSecretRow = (row: HeaderRow): boolean => isCredentialHeaderName(row.name) || hasSavedValue(row);

/** The origin (scheme, host, port) of an http(s) URL as typed; null while it is not one. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** A saved secret the form would now send elsewhere: where it was saved for, and where it would go. */
export interface Reentry {
  savedFor: string;
  target: string;
}

/**
 * Main binds a saved secret to the origin it was saved for (the token URL's for OAuth, the base
 * URL's otherwise) and refuses to keep it for another. The form says so as soon as the URL moves,
 * and asks for the secret again instead of sending "keep".
 */
export function authReentry(form: ConnectionFormState, saved: ConnectionView | null): Reentry | null {
  if (!saved || saved.demo || !saved.hasSecret || form.clearSecret || form.secret !== '' || form.authType === 'none' || form.authType !== saved.auth.type)
    return null;
  const savedFor = originOf(saved.auth.type === 'oauth2' ? saved.auth.tokenUrl : saved.baseUrl);
  const target = originOf(form.authType === 'oauth2' ? form.tokenUrl : form.baseUrl);
  return savedFor && target && savedFor !== target ? { savedFor, target } : null;
}

/** The same for a secret header with a saved value: bound to the base URL's origin. */
export function headerReentry(form: ConnectionFormState, row: HeaderRow, saved: ConnectionView | null): Reentry | null {
  if (!saved || saved.demo || row.value !== '' || !hasSavedValue(row)) return null;
  const savedFor = originOf(saved.baseUrl);
  const target = originOf(form.baseUrl);
  return savedFor && target && savedFor !== target ? { savedFor, target } : null;
}

export function formFromView(view: ConnectionView | null): ConnectionFormState {
  const auth: Partial<Record<string, string>> = view ? (view.auth as Record<string, string>) : {};
  return {
    name: view?.name ?? '',
    baseUrl: view?.baseUrl ?? '',
    authType: view?.auth.type ?? 'bearer',
    username: auth.username ?? '',
    headerName: auth.headerName ?? '',
    tokenUrl: auth.tokenUrl ?? '',
    clientId: auth.clientId ?? '',
    scope: auth.scope ?? '',
    secret: '',
    clearSecret: false,
    extraHeaders: [
      ...(view?.extraHeaders ?? []).map((h) => newHeaderRow(h.name, h.value)),
      ...(view?.secretHeaders ?? []).map((h) => newHeaderRow(h.name, '', h.hasValue ? h.name : undefined)),
    ],
    caCertificatesPem: view?.tls.caCertificatesPem ?? '',
    allowInvalidCertificates: view?.tls.allowInvalidCertificates ?? false,
    proxyMode: view?.proxy.mode ?? 'environment',
    proxyUrl: view?.proxy.mode === 'custom' ? view.proxy.url : '',
    timeoutMs: String(view?.timeoutMs ?? 30_000),
    maxConcurrency: String(view?.maxConcurrency ?? 6),
    maxRequestsPerSecond: view?.maxRequestsPerSecond != null ? String(view.maxRequestsPerSecond) : '',
    readOnly: view?.readOnly ?? false,
    updateMethod: view?.updateMethod ?? 'patch',
  };
}

function authFromForm(form: ConnectionFormState): AuthConfig {
  switch (form.authType) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer' };
    case 'basic':
      return { type: 'basic', username: form.username };
    case 'header':
      return { type: 'header', headerName: form.headerName };
    case 'oauth2':
      return { type: 'oauth2', tokenUrl: form.tokenUrl, clientId: form.clientId, scope: form.scope.trim() || undefined };
  }
}

export interface DraftWithRows {
  draft: ConnectionDraftInput;
  /** Row key of each header sent, by index, to place errors like `extraHeaders.2.name`. */
  headerRowKeys: number[];
  /** The same for secret headers (`secretHeaders.0.value`). */
  secretHeaderRowKeys: number[];
}

/**
 * The draft to send. `saved` is the profile as saved: a secret it holds is sent as "keep" only
 * while the form would send it to the origin it was saved for, never elsewhere.
 */
export function toDraft(form: ConnectionFormState, saved: ConnectionView | null = null): DraftWithRows {
  // Rows left completely empty are dropped rather than reported.
  const rows = form.extraHeaders.filter((row) => row.name.trim() !== '' || row.value !== '' || row.savedName !== undefined);
  const plainRows = rows.filter((row) => !isSecretRow(row));
  // A saved secret header is kept, replaced, or (removed from the list, or moved to another origin) dropped.
  const secretRows = rows.filter((row) => isSecretRow(row) && (row.value !== '' || !headerReentry(form, row, saved)));
  const secret: ConnectionDraftInput['secret'] =
    form.authType !== 'none' && form.secret !== ''
      ? { action: 'set', value: form.secret }
      : form.clearSecret || authReentry(form, saved)
        ? { action: 'clear' }
        : { action: 'keep' };
  return {
    headerRowKeys: plainRows.map((row) => row.key),
    secretHeaderRowKeys: secretRows.map((row) => row.key),
    draft: {
      secretHeaders: secretRows.map(({ name, value }) => ({ name, value: value !== '' ? { action: 'set', value } : { action: 'keep' } })),
      settings: {
        name: form.name,
        baseUrl: form.baseUrl,
        auth: authFromForm(form),
        extraHeaders: plainRows.map(({ name, value }) => ({ name, value })),
        tls: { allowInvalidCertificates: form.allowInvalidCertificates, caCertificatesPem: form.caCertificatesPem.trim() ? form.caCertificatesPem : undefined },
        proxy: form.proxyMode === 'custom' ? { mode: 'custom', url: form.proxyUrl } : { mode: form.proxyMode },
        timeoutMs: Number(form.timeoutMs),
        maxConcurrency: Number(form.maxConcurrency),
        maxRequestsPerSecond: form.maxRequestsPerSecond.trim() === '' ? null : Number(form.maxRequestsPerSecond),
        readOnly: form.readOnly,
        updateMethod: form.updateMethod,
      },
      secret,
    },
  };
}

/** Field keys the form shows errors on: contract paths without the `draft.settings.` prefix. */
export type FieldErrors = Record<string, string>;
export interface FormErrors {
  fields: FieldErrors;
  /** What to say above the buttons: the whole error, or a pointer to the fields. */
  summary: string;
}

/**
 * Checks the main side would word badly (a non-number reaches it as null), and saved secrets that
 * must be entered again before they may go to another origin; everything else is its call.
 */
export function checkLocally(form: ConnectionFormState, saved: ConnectionView | null = null): FormErrors | null {
  const fields: FieldErrors = {};
  if (!/^\s*\d+\s*$/.test(form.timeoutMs)) fields.timeoutMs = 'Enter the timeout as a whole number of milliseconds';
  if (!/^\s*\d+\s*$/.test(form.maxConcurrency)) fields.maxConcurrency = 'Enter a whole number of requests';
  // Here above all: a non-number would reach main as null, which means "no limit".
  if (!/^\s*(\d+(\.\d*)?|\.\d+)?\s*$/.test(form.maxRequestsPerSecond))
    fields.maxRequestsPerSecond = 'Enter a number of requests per second, or leave it empty for no limit';
  const auth = authReentry(form, saved);
  if (auth)
    fields.secret = `Enter the ${(secretLabels[form.authType] ?? 'secret').toLowerCase()} again: it was saved for ${auth.savedFor}, not ${auth.target}.`;
  for (const row of form.extraHeaders) {
    const header = headerReentry(form, row, saved);
    if (header) fields[`header.${row.key}.value`] = `Enter the value of ${row.name.trim()} again: it was saved for ${header.savedFor}, not ${header.target}.`;
  }
  const count = Object.keys(fields).length;
  return count === 0 ? null : { fields, summary: count === 1 ? 'Check the highlighted field.' : 'Check the highlighted fields.' };
}

export function fieldKeyOf(path: string, headerRowKeys: readonly number[], secretHeaderRowKeys: readonly number[] = []): string {
  const key = path.replace(/^draft\./, '').replace(/^settings\./, '');
  if (key === 'secret' || key.startsWith('secret.')) return 'secret';
  const header = /^(extraHeaders|secretHeaders)\.(\d+)\.(name|value)/.exec(key);
  if (header) {
    const rowKey = (header[1] === 'extraHeaders' ? headerRowKeys : secretHeaderRowKeys)[Number(header[2])];
    return rowKey === undefined ? 'extraHeaders' : `header.${rowKey}.${header[3]}`;
  }
  if (key.startsWith('secretHeaders')) return 'extraHeaders';
  return key;
}

/**
 * Places a failed save's or test's error: each issue next to its field when the form shows that
 * field, the rest in the summary. The form's values are never touched.
 */
export function errorsFrom(
  error: unknown,
  headerRowKeys: readonly number[],
  shownFields: ReadonlySet<string>,
  secretHeaderRowKeys: readonly number[] = [],
): FormErrors {
  if (!isBridgeError(error)) return { fields: {}, summary: error instanceof Error ? error.message : 'Saving failed.' };
  const data: AppErrorData = error.data;
  const issues = data.issues?.length ? data.issues : data.field ? [{ path: data.field, message: data.message }] : [];
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const key = fieldKeyOf(issue.path, headerRowKeys, secretHeaderRowKeys);
    if (shownFields.has(key) || (key.startsWith('header.') && shownFields.has('extraHeaders'))) fields[key] ??= issue.message;
    else unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  if (Object.keys(fields).length === 0) return { fields, summary: data.message };
  return { fields, summary: unplaced.length ? `Check the highlighted fields. Also: ${unplaced.join('; ')}` : 'Check the highlighted fields.' };
}

/** The field keys visible for a form state, so errors for hidden fields go to the summary instead. */
export function visibleFieldKeys(form: ConnectionFormState, isDemo: boolean): Set<string> {
  // A demo connection's URL, auth and network settings are managed by the app: only these are editable.
  const keys = ['name', 'timeoutMs', 'readOnly', 'updateMethod'];
  if (!isDemo) {
    keys.push(
      'baseUrl',
      'auth.type',
      'extraHeaders',
      'tls.caCertificatesPem',
      'tls.allowInvalidCertificates',
      'proxy.mode',
      'maxConcurrency',
      'maxRequestsPerSecond',
    );
    if (form.authType !== 'none') keys.push('secret');
    if (form.authType === 'basic') keys.push('auth.username');
    if (form.authType === 'header') keys.push('auth.headerName');
    if (form.authType === 'oauth2') keys.push('auth.tokenUrl', 'auth.clientId', 'auth.scope');
    if (form.proxyMode === 'custom') keys.push('proxy.url');
  }
  return new Set(keys);
}

/** Which error key each form value answers to, so editing a field clears its error. */
const errorKeyOf: Partial<Record<keyof ConnectionFormState, string>> = {
  name: 'name',
  baseUrl: 'baseUrl',
  authType: 'auth.type',
  username: 'auth.username',
  headerName: 'auth.headerName',
  tokenUrl: 'auth.tokenUrl',
  clientId: 'auth.clientId',
  scope: 'auth.scope',
  secret: 'secret',
  clearSecret: 'secret',
  caCertificatesPem: 'tls.caCertificatesPem',
  proxyMode: 'proxy.mode',
  proxyUrl: 'proxy.url',
  timeoutMs: 'timeoutMs',
  maxConcurrency: 'maxConcurrency',
  maxRequestsPerSecond: 'maxRequestsPerSecond',
};

export function withoutEditedErrors(errors: FormErrors, patch: Partial<ConnectionFormState>): FormErrors {
  const keys = Object.keys(patch) as (keyof ConnectionFormState)[];
  // Moving a URL changes where saved secrets would go, so what was said about them may no longer hold.
  const urlMoved = 'baseUrl' in patch || 'tokenUrl' in patch;
  const fields = Object.fromEntries(
    Object.entries(errors.fields).filter(([key]) => {
      if (patch.extraHeaders && (key === 'extraHeaders' || key.startsWith('header.'))) return false;
      if (urlMoved && (key === 'secret' || (key.startsWith('header.') && key.endsWith('.value')))) return false;
      return !keys.some((k) => errorKeyOf[k] === key);
    }),
  );
  if (Object.keys(fields).length === Object.keys(errors.fields).length) return errors;
  // The summary only pointed at the fields; once they are all fixed it goes too.
  return { fields, summary: Object.keys(fields).length === 0 && errors.summary.startsWith('Check the highlighted') ? '' : errors.summary };
}
