import type { AppErrorData, AuthConfig, AuthType, ConnectionDraftInput, ConnectionView } from '../../../../shared/contract';
import { isBridgeError } from '../../bridge';
import type { ProxyMode } from './labels';

export interface HeaderRow {
  /** Stable across edits so React keys and error messages stay on the right row. */
  key: number;
  name: string;
  value: string;
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
  readOnly: boolean;
  updateMethod: 'patch' | 'put';
}

let nextRowKey = 1;
export const newHeaderRow = (name = '', value = ''): HeaderRow => ({ key: nextRowKey++, name, value });

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
    extraHeaders: (view?.extraHeaders ?? []).map((h) => newHeaderRow(h.name, h.value)),
    caCertificatesPem: view?.tls.caCertificatesPem ?? '',
    allowInvalidCertificates: view?.tls.allowInvalidCertificates ?? false,
    proxyMode: view?.proxy.mode ?? 'environment',
    proxyUrl: view?.proxy.mode === 'custom' ? view.proxy.url : '',
    timeoutMs: String(view?.timeoutMs ?? 30_000),
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
}

export function toDraft(form: ConnectionFormState): DraftWithRows {
  // Rows left completely empty are dropped rather than reported.
  const rows = form.extraHeaders.filter((row) => row.name.trim() !== '' || row.value !== '');
  const secret: ConnectionDraftInput['secret'] =
    form.authType !== 'none' && form.secret !== '' ? { action: 'set', value: form.secret } : form.clearSecret ? { action: 'clear' } : { action: 'keep' };
  return {
    headerRowKeys: rows.map((row) => row.key),
    draft: {
      settings: {
        name: form.name,
        baseUrl: form.baseUrl,
        auth: authFromForm(form),
        extraHeaders: rows.map(({ name, value }) => ({ name, value })),
        tls: { allowInvalidCertificates: form.allowInvalidCertificates, caCertificatesPem: form.caCertificatesPem.trim() ? form.caCertificatesPem : undefined },
        proxy: form.proxyMode === 'custom' ? { mode: 'custom', url: form.proxyUrl } : { mode: form.proxyMode },
        timeoutMs: Number(form.timeoutMs),
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

/** Checks the main side would word badly (a non-number reaches it as null); everything else is its call. */
export function checkLocally(form: ConnectionFormState): FormErrors | null {
  if (!/^\s*\d+\s*$/.test(form.timeoutMs)) {
    return { fields: { timeoutMs: 'Enter the timeout as a whole number of milliseconds' }, summary: 'Check the highlighted field.' };
  }
  return null;
}

export function fieldKeyOf(path: string, headerRowKeys: readonly number[]): string {
  const key = path.replace(/^draft\./, '').replace(/^settings\./, '');
  if (key === 'secret' || key.startsWith('secret.')) return 'secret';
  const header = /^extraHeaders\.(\d+)\.(name|value)$/.exec(key);
  if (header) {
    const rowKey = headerRowKeys[Number(header[1])];
    return rowKey === undefined ? 'extraHeaders' : `header.${rowKey}.${header[2]}`;
  }
  return key;
}

/**
 * Places a failed save's or test's error: each issue next to its field when the form shows that
 * field, the rest in the summary. The form's values are never touched.
 */
export function errorsFrom(error: unknown, headerRowKeys: readonly number[], shownFields: ReadonlySet<string>): FormErrors {
  if (!isBridgeError(error)) return { fields: {}, summary: error instanceof Error ? error.message : 'Saving failed.' };
  const data: AppErrorData = error.data;
  const issues = data.issues?.length ? data.issues : data.field ? [{ path: data.field, message: data.message }] : [];
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const key = fieldKeyOf(issue.path, headerRowKeys);
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
    keys.push('baseUrl', 'auth.type', 'extraHeaders', 'tls.caCertificatesPem', 'tls.allowInvalidCertificates', 'proxy.mode');
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
};

export function withoutEditedErrors(errors: FormErrors, patch: Partial<ConnectionFormState>): FormErrors {
  const keys = Object.keys(patch) as (keyof ConnectionFormState)[];
  const fields = Object.fromEntries(
    Object.entries(errors.fields).filter(([key]) => {
      if (patch.extraHeaders && (key === 'extraHeaders' || key.startsWith('header.'))) return false;
      return !keys.some((k) => errorKeyOf[k] === key);
    }),
  );
  if (Object.keys(fields).length === Object.keys(errors.fields).length) return errors;
  // The summary only pointed at the fields; once they are all fixed it goes too.
  return { fields, summary: Object.keys(fields).length === 0 && errors.summary.startsWith('Check the highlighted') ? '' : errors.summary };
}
