import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../../shared/contract';
import { authReentry, checkLocally, fieldKeyOf, formFromView, toDraft, type ConnectionFormState } from './formModel';

const saved = (over: Partial<ConnectionView> = {}): ConnectionView => ({
  id: 'c1',
  name: 'Okta prod',
  baseUrl: 'https://a.example/scim/v2',
  auth: { type: 'bearer' },
  extraHeaders: [{ name: 'X-Tenant', value: 't1' }],
  secretHeaders: [{ name: 'X-Api-Key', hasValue: true }],
  tls: { allowInvalidCertificates: false },
  proxy: { mode: 'none' },
  timeoutMs: 30_000,
  maxConcurrency: 6,
  maxRequestsPerSecond: null,
  readOnly: false,
  updateMethod: 'patch',
  hasSecret: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const edit = (view: ConnectionView, patch: Partial<ConnectionFormState>): ConnectionFormState => ({ ...formFromView(view), ...patch });

describe('connection form: saved secrets and their origin', () => {
  it('keeps the saved secret and secret headers while the URL stays on the same origin', () => {
    const view = saved();
    const { draft } = toDraft(edit(view, { baseUrl: 'https://a.example/tenant-2/scim/v2' }), view);
    expect(draft.secret).toEqual({ action: 'keep' });
    expect(draft.secretHeaders).toEqual([{ name: 'X-Api-Key', value: { action: 'keep' } }]);
    expect(draft.settings.extraHeaders).toEqual([{ name: 'X-Tenant', value: 't1' }]);
    expect(checkLocally(edit(view, { baseUrl: 'https://a.example/other' }), view)).toBeNull();
  });

  it('asks for the secret again, and never sends "keep", once the base URL moves to another origin', () => {
    const view = saved();
    const form = edit(view, { baseUrl: 'https://b.example/scim/v2' });
    expect(authReentry(form, view)).toEqual({ savedFor: 'https://a.example', target: 'https://b.example' });
    const { draft } = toDraft(form, view);
    expect(draft.secret).not.toEqual({ action: 'keep' });
    expect(draft.secretHeaders).toEqual([]);
    const local = checkLocally(form, view);
    expect(local?.fields.secret).toBe('Enter the bearer token again: it was saved for https://a.example, not https://b.example.');
    expect(Object.values(local?.fields ?? {}).some((message) => message.startsWith('Enter the value of X-Api-Key again'))).toBe(true);
    // Typed again: sent as a new value, nothing to complain about.
    const retyped = { ...form, secret: 'new-token', extraHeaders: form.extraHeaders.map((row) => (row.savedName ? { ...row, value: 'new-key' } : row)) };
    expect(checkLocally(retyped, view)).toBeNull();
    expect(toDraft(retyped, view).draft.secret).toEqual({ action: 'set', value: 'new-token' });
    expect(toDraft(retyped, view).draft.secretHeaders).toEqual([{ name: 'X-Api-Key', value: { action: 'set', value: 'new-key' } }]);
  });

  it('binds an OAuth client secret to the token URL: moving the base URL alone keeps it', () => {
    const view = saved({ auth: { type: 'oauth2', tokenUrl: 'https://login.a.example/token', clientId: 'app' }, secretHeaders: [] });
    expect(authReentry(edit(view, { baseUrl: 'https://b.example/scim/v2' }), view)).toBeNull();
    expect(authReentry(edit(view, { tokenUrl: 'https://login.b.example/token' }), view)).toEqual({
      savedFor: 'https://login.a.example',
      target: 'https://login.b.example',
    });
  });

  it('sends headers named like credentials as secret headers, never as plain settings', () => {
    const form = edit(saved({ secretHeaders: [] }), {});
    form.extraHeaders = [...form.extraHeaders, { key: 999, name: 'Cookie', value: 'sid=1' }];
    const { draft, secretHeaderRowKeys } = toDraft(form, null);
    expect(draft.settings.extraHeaders).toEqual([{ name: 'X-Tenant', value: 't1' }]);
    expect(draft.secretHeaders).toEqual([{ name: 'Cookie', value: { action: 'set', value: 'sid=1' } }]);
    expect(secretHeaderRowKeys).toEqual([999]);
    // Main's errors about a secret header land on its row.
    expect(fieldKeyOf('secretHeaders.0.value', [1], secretHeaderRowKeys)).toBe('header.999.value');
    expect(fieldKeyOf('draft.secretHeaders.0.value.value', [1], secretHeaderRowKeys)).toBe('header.999.value');
  });
});

describe('connection form: pace settings', () => {
  it('round-trips requests at once and the rate; an empty rate means no limit', () => {
    const view = saved({ maxConcurrency: 3, maxRequestsPerSecond: 12.5 });
    const form = formFromView(view);
    expect([form.maxConcurrency, form.maxRequestsPerSecond]).toEqual(['3', '12.5']);
    expect(toDraft(form, view).draft.settings).toMatchObject({ maxConcurrency: 3, maxRequestsPerSecond: 12.5 });
    expect(formFromView(saved()).maxRequestsPerSecond).toBe('');
    expect(toDraft(edit(view, { maxRequestsPerSecond: ' ' }), view).draft.settings.maxRequestsPerSecond).toBeNull();
  });

  it('refuses what is not a number locally: main would read it as null, which is "no limit"', () => {
    const view = saved();
    expect(checkLocally(edit(view, { maxRequestsPerSecond: 'fast' }), view)?.fields.maxRequestsPerSecond).toBe(
      'Enter a number of requests per second, or leave it empty for no limit',
    );
    expect(checkLocally(edit(view, { maxConcurrency: '2.5' }), view)?.fields.maxConcurrency).toBe('Enter a whole number of requests');
    expect(checkLocally(edit(view, { maxConcurrency: '4', maxRequestsPerSecond: '0.5' }), view)).toBeNull();
  });
});
