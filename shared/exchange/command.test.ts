import { describe, expect, it } from 'vitest';
import { envNameFor, placeholdersOf, shellSingle, toCurl, toFetch } from './command';
import { sampleEntry } from './test-fixtures';

describe('toCurl', () => {
  it('writes redacted credentials as environment-variable placeholders, never the marker', () => {
    const curl = toCurl(sampleEntry());
    expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
    expect(curl).toContain('-H "X-Api-Key: $SCIM_X_API_KEY"');
    expect(curl).toContain('"https://scim.example.com/scim/v2/Users?attributes=userName&token=$SCIM_SECRET"');
    expect(curl).not.toMatch(/Authorization: Bearer \[REDACTED\]/);
    expect(curl.startsWith('curl -X POST ')).toBe(true);
  });

  it('maps Basic to $SCIM_BASIC and leaves plain headers single-quoted', () => {
    const curl = toCurl(sampleEntry({ requestHeaders: { authorization: 'Basic [REDACTED]', accept: "it's" } }));
    expect(curl).toContain('-H "Authorization: Basic $SCIM_BASIC"');
    expect(curl).toContain(`-H 'Accept: it'\\''s'`);
  });

  it('drops headers curl computes itself and quotes the body literally', () => {
    const curl = toCurl(sampleEntry());
    expect(curl).not.toMatch(/content-length/i);
    expect(curl).toContain(`--data-binary '{"userName":"o'\\''brien $HOME \`x\`","password":"[REDACTED]"}'`);
  });

  it('has no body option for a GET without a body', () => {
    expect(toCurl(sampleEntry({ method: 'GET', requestBody: null }))).not.toContain('--data');
  });

  it('lists the placeholders a command needs', () => {
    expect(placeholdersOf(sampleEntry()).sort()).toEqual(['SCIM_SECRET', 'SCIM_TOKEN', 'SCIM_X_API_KEY']);
  });
});

describe('envNameFor and shellSingle', () => {
  it('names placeholders by scheme or header', () => {
    expect(envNameFor('authorization', 'Bearer')).toBe('SCIM_TOKEN');
    expect(envNameFor('authorization', 'basic')).toBe('SCIM_BASIC');
    expect(envNameFor('authorization', 'SSWS')).toBe('SCIM_SSWS');
    expect(envNameFor('authorization')).toBe('SCIM_AUTHORIZATION');
    expect(envNameFor('x-tenant-secret')).toBe('SCIM_X_TENANT_SECRET');
  });

  it('single-quotes anything', () => {
    expect(shellSingle(`a'b`)).toBe(`'a'\\''b'`);
    expect(shellSingle('$x "y"')).toBe(`'$x "y"'`);
  });
});

describe('toFetch', () => {
  it('reads placeholders from process.env and keeps literal text literal', () => {
    const code = toFetch(sampleEntry());
    expect(code).toContain('"Authorization": `Bearer ${process.env.SCIM_TOKEN}`');
    expect(code).toContain('method: "POST"');
    expect(code).toContain('`https://scim.example.com/scim/v2/Users?attributes=userName&token=${process.env.SCIM_SECRET}`');
    expect(code).toContain(`body: ${JSON.stringify(sampleEntry().requestBody!.text)}`);
    expect(code).not.toMatch(/Bearer \[REDACTED\]/);
  });

  it('is valid JavaScript (an async function body)', () => {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction(toFetch(sampleEntry()))).not.toThrow();
    const tricky = sampleEntry({ requestHeaders: { authorization: 'Bearer [REDACTED]', 'x-note': 'a `tick` ${not} \\ here' } });
    expect(() => new AsyncFunction(toFetch(tricky))).not.toThrow();
  });
});
