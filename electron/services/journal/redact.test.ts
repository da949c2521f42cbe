import { describe, expect, it } from 'vitest';
import { toJournalEntry } from './entry';
import { REDACTED, SecretScrubber, redactHeaders, redactUrl } from './redact';
import { leaksIn, rawExchange } from './test-helpers';

const MB = 1024 * 1024;

describe('header redaction', () => {
  it('redacts credential headers by name, keeping the Authorization scheme word', () => {
    const scrubber = new SecretScrubber([]);
    const headers = redactHeaders(
      {
        Authorization: 'Bearer abc.def',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        cookie: 'sid=1',
        'set-cookie': 'sid=2; HttpOnly',
        'x-api-key': 'k',
        'api-key': 'k',
        'x-auth-token': 't',
        'x-session-id': 's',
        'x-client-secret': 's',
        'x-password': 'p',
        'x-apikey': 'k',
        'x-tenant-key': 'custom',
        accept: 'application/scim+json',
        'content-type': 'application/json',
      },
      ['x-tenant-key'],
      scrubber,
    );
    expect(headers).toEqual({
      authorization: `Bearer ${REDACTED}`,
      'proxy-authorization': `Basic ${REDACTED}`,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'api-key': REDACTED,
      'x-auth-token': REDACTED,
      'x-session-id': REDACTED,
      'x-client-secret': REDACTED,
      'x-password': REDACTED,
      'x-apikey': REDACTED,
      'x-tenant-key': REDACTED,
      accept: 'application/scim+json',
      'content-type': 'application/json',
    });
  });

  it('scrubs secret values out of any other header', () => {
    const headers = redactHeaders(
      { 'x-echo': 'you sent Bearer tok-123456 to me', location: '/Users/1?k=tok-123456' },
      [],
      new SecretScrubber(['Bearer tok-123456']),
    );
    expect(headers['x-echo']).toBe(`you sent Bearer ${REDACTED} to me`);
    expect(headers.location).toBe(`/Users/1?k=${REDACTED}`);
  });
});

describe('secret values everywhere', () => {
  const password = 'p@ss w/rd+&=1';
  const basic = `Basic ${Buffer.from(`ann:${password}`).toString('base64')}`;

  it('finds a Basic password in every encoding, in the URL, headers, bodies and error text', () => {
    const entry = toJournalEntry(
      rawExchange({
        url: `https://u:${encodeURIComponent(password)}@scim.test/Users?q=${encodeURIComponent(password)}&f=${new URLSearchParams({ v: password }).toString().slice(2)}`,
        requestHeaders: { authorization: basic, 'x-copy': basic.slice(6) },
        requestBody: JSON.stringify({ note: `pw is ${password}`, userName: 'ann' }),
        responseBody: `echo: ${basic} / ${password} / ${Buffer.from(password).toString('base64')} / ${JSON.stringify(password)}`,
        error: { code: 'http', message: `failed with ${password}` },
        credentialHeaderNames: ['authorization'],
        secretValues: [password, basic],
      }),
      MB,
    );
    const text = JSON.stringify(entry);
    expect(leaksIn(text, [password, `ann:${password}`, basic.slice(6)])).toEqual([]);
    expect(entry.requestHeaders.authorization).toBe(`Basic ${REDACTED}`);
    expect(entry.requestHeaders['x-copy']).toBe(REDACTED);
    expect(entry.url).toBe(`https://u:${REDACTED}@scim.test/Users?q=${REDACTED}&f=${REDACTED}`);
    expect(entry.path).toBe(`/Users?q=${REDACTED}&f=${REDACTED}`);
    expect(entry.error).toEqual({ code: 'http', message: `failed with ${REDACTED}` });
    expect(entry.requestBody!.text).toContain('"userName":"ann"');
  });

  it('scrubs a short secret only where it stands alone', () => {
    const scrubber = new SecretScrubber(['pw']);
    expect(scrubber.scrub('pw=pw; upward pwd')).toBe(`${REDACTED}=${REDACTED}; upward pwd`);
  });

  it('redacts secret-named query parameters whatever their value', () => {
    const url = redactUrl('https://h.test/Users?access_token=abc&api_key=k&filter=userName%20eq%20%22x%22#frag', new SecretScrubber([]));
    expect(url).toBe(`https://h.test/Users?access_token=${REDACTED}&api_key=${REDACTED}&filter=userName%20eq%20%22x%22#frag`);
  });
});

describe('token-shaped fields in bodies', () => {
  it('redacts OAuth token fields and keeps SCIM password presence visible', () => {
    const entry = toJournalEntry(
      rawExchange({
        method: 'POST',
        requestHeaders: { 'content-type': 'application/scim+json' },
        requestBody: JSON.stringify({
          userName: 'bjensen',
          password: 'Hunter2-secret',
          'urn:ietf:params:scim:schemas:core:2.0:User:password': 'Other-secret-9',
        }),
        responseBody: JSON.stringify({
          access_token: 'at-123456',
          refresh_token: 'rt-123456',
          id_token: 'it-123456',
          client_secret: 'cs-123456',
          token_type: 'bearer',
          expires_in: 3600,
          echo: 'Hunter2-secret',
        }),
      }),
      MB,
    );
    const text = JSON.stringify(entry);
    expect(leaksIn(text, ['Hunter2-secret', 'Other-secret-9', 'at-123456', 'rt-123456', 'it-123456', 'cs-123456'])).toEqual([]);
    expect(JSON.parse(entry.requestBody!.text)).toEqual({
      userName: 'bjensen',
      password: REDACTED,
      'urn:ietf:params:scim:schemas:core:2.0:User:password': REDACTED,
    });
    expect(JSON.parse(entry.responseBody!.text)).toMatchObject({
      access_token: REDACTED,
      refresh_token: REDACTED,
      id_token: REDACTED,
      client_secret: REDACTED,
      token_type: 'bearer',
      echo: REDACTED,
    });
  });

  it('redacts a password set by a PATCH path, and its echo', () => {
    const patch = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'password', value: 'N3w-Passw0rd' }] };
    const entry = toJournalEntry(rawExchange({ method: 'PATCH', requestBody: JSON.stringify(patch), responseBody: `{"detail":"bad value N3w-Passw0rd"}` }), MB);
    expect(JSON.stringify(entry)).not.toContain('N3w-Passw0rd');
    expect(JSON.parse(entry.requestBody!.text).Operations[0]).toEqual({ op: 'replace', path: 'password', value: REDACTED });
  });

  it('redacts form-encoded token requests', () => {
    const entry = toJournalEntry(
      rawExchange({
        method: 'POST',
        requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
        requestBody: 'grant_type=client_credentials&client_secret=cs%2Fsecret&scope=scim',
      }),
      MB,
    );
    expect(entry.requestBody!.text).toBe(`grant_type=client_credentials&client_secret=${REDACTED}&scope=scim`);
  });

  it('redacts a token field cut off at the end of a truncated body', () => {
    const body = `${'x'.repeat(90)}{"access_token":"${'t'.repeat(50)}`;
    const entry = toJournalEntry(rawExchange({ responseBody: body }), 100);
    expect(entry.responseBody!.text).not.toContain('ttttt');
    expect(entry.responseBody!.truncated).toBe(true);
  });
});
