import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { APP_ENTRY_URL, APP_ORIGIN, createAppRequestHandler, installAppProtocol, isAppUrl, registerAppScheme, safePathSegments } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './window-options';

const INDEX = '<!doctype html><title>SCIM Desk</title><script type="module" src="/assets/app.js"></script>';
let base: string;
let root: string;
let handle: ReturnType<typeof createAppRequestHandler>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'scim-desk-protocol-'));
  root = join(base, 'dist', 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, '.env'), 'SECRET=1');
  // Next to the root, i.e. one "../" away: must never be served.
  await writeFile(join(base, 'dist', 'secret.txt'), 'TOP SECRET');
  handle = createAppRequestHandler(root);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});
beforeEach(() => resetFakeElectron());

describe('app:// origin', () => {
  it('is app://scim-desk and recognised only exactly', () => {
    expect(APP_ORIGIN).toBe('app://scim-desk');
    expect(APP_ENTRY_URL).toBe('app://scim-desk/index.html');
    expect(isAppUrl('app://scim-desk/index.html')).toBe(true);
    expect(isAppUrl('app://scim-desk/users/42?x=1#y')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'app://evil.example/',
      'app://scim-desk.evil.example/',
      'app://scim-desk@evil.example/',
      'app://scim-desk:8080/',
      'file:///etc/passwd',
      'http://scim-desk/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('scheme registration', () => {
  it('registers app as standard, secure and fetch-capable (before ready)', () => {
    registerAppScheme(fakeElectron.protocol);
    expect(fakeElectron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
    expect(fakeElectron.protocol.privileged[0]?.privileges).not.toHaveProperty('bypassCSP');
  });

  it('installs a handler for app:// that serves the root', async () => {
    installAppProtocol(fakeElectron.protocol, root);
    const handler = fakeElectron.protocol.handlers.get('app');
    expect(handler).toBeTypeOf('function');
    const response = await handler!(new Request('app://scim-desk/index.html'));
    expect(await response.text()).toBe(INDEX);
  });
});

describe('request handler', () => {
  it('serves files with their type and the CSP header', async () => {
    const response = await handle(new Request('app://scim-desk/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log("app")');
  });

  it('serves index.html for the root and for unknown client-side routes', async () => {
    for (const url of ['app://scim-desk/', 'app://scim-desk', 'app://scim-desk/connections/abc/users', 'app://scim-desk/settings?tab=1']) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('answers 404 (not the SPA) for a missing asset', async () => {
    const response = await handle(new Request('app://scim-desk/assets/missing.js'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      'app://scim-desk/../../etc/passwd', // as a raw string (a URL parser would fold it)
      'app://scim-desk/../secret.txt',
      'app://scim-desk/assets/../../secret.txt',
      'app://scim-desk/%2e%2e/secret.txt',
      'app://scim-desk/%2E%2E%2Fsecret.txt',
      'app://scim-desk/..%2f..%2f..%2fetc%2fpasswd',
      'app://scim-desk/..%5csecret.txt',
      'app://scim-desk/assets%2f..%2f..%2fsecret.txt',
      'app://scim-desk/%00index.html',
      'app://scim-desk/.env',
      'app://scim-desk/%2eenv',
      'app://scim-desk/C:%5cWindows%5cwin.ini',
    ];
    for (const url of attempts) {
      const response = await handle({ url, method: 'GET' });
      expect(response.status, url).toBe(403);
      const body = await response.text();
      expect(body, url).not.toContain('TOP SECRET');
      expect(body, url).not.toContain('root:');
      expect(body, url).not.toContain('SECRET=1');
    }
  });

  it('never serves a file outside the root even after a URL parser folds "../" (as Chromium does)', async () => {
    const response = await handle(new Request('app://scim-desk/../../etc/passwd'));
    // Folded to /etc/passwd inside the root: not a file there, so the SPA shell, never the system file.
    expect(await response.text()).toBe(INDEX);
  });

  it('refuses other hosts and write methods', async () => {
    expect((await handle(new Request('app://evil.example/index.html'))).status).toBe(404);
    expect((await handle({ url: 'app://scim-desk/index.html', method: 'POST' })).status).toBe(405);
    const head = await handle({ url: 'app://scim-desk/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('explains a missing build instead of failing obscurely', async () => {
    const response = await createAppRequestHandler(join(base, 'nowhere'))(new Request('app://scim-desk/'));
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/npm run build/);
  });
});

describe('safePathSegments', () => {
  it('splits clean paths and drops empty segments', () => {
    expect(safePathSegments('app://scim-desk/')).toEqual([]);
    expect(safePathSegments('app://scim-desk//assets//a%20b.js?x=../..#..')).toEqual(['assets', 'a b.js']);
  });
  it('rejects malformed percent-encoding', () => {
    expect(safePathSegments('app://scim-desk/%E0%A4%A')).toBeNull();
  });
});
