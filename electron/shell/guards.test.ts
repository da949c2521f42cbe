import type { Session, Shell, WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { applySessionGuards, applyWebContentsGuards, isExternalHttpsUrl } from './guards';

// The fake is duck-typed to the slice of Electron the guards use.
const asContents = (contents: FakeWebContents) => contents as unknown as WebContents;
const fakeShell = () => fakeElectron.shell as unknown as Pick<Shell, 'openExternal'>;

let contents: FakeWebContents;
beforeEach(() => {
  resetFakeElectron();
  contents = new FakeWebContents();
  applyWebContentsGuards(asContents(contents), fakeShell());
});

describe('window.open', () => {
  it('is always denied; https targets go to the default browser', async () => {
    expect(contents.simulateWindowOpen('https://docs.example/scim')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fakeElectron.shell.opened).toEqual(['https://docs.example/scim']);
  });

  it('opens nothing for http, file, javascript or app URLs', async () => {
    for (const url of ['http://insecure.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://scim-desk/index.html', 'smb://host/share', '']) {
      expect(contents.simulateWindowOpen(url), url).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(fakeElectron.shell.opened).toEqual([]);
  });
});

describe('navigation', () => {
  it('prevents leaving the app origin, by navigation, frame navigation or redirect', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
      expect(contents.simulateNavigation(event, 'https://evil.example/'), event).toBe(true);
      expect(contents.simulateNavigation(event, 'file:///etc/passwd'), event).toBe(true);
      expect(contents.simulateNavigation(event, 'app://evil.example/'), event).toBe(true);
    }
    expect(fakeElectron.shell.opened).toEqual([]);
  });

  it('allows navigation within the app', () => {
    expect(contents.simulateNavigation('will-navigate', 'app://scim-desk/index.html')).toBe(false);
    expect(contents.simulateNavigation('will-navigate', 'app://scim-desk/connections/1')).toBe(false);
    expect(contents.simulateNavigation('will-redirect', 'app://scim-desk/')).toBe(false);
  });

  it('falls back to the legacy url argument when the event carries none', () => {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('prevents attaching a <webview>', () => {
    expect(contents.simulateAttachWebview()).toBe(true);
  });

  it('is idempotent: applying twice registers each listener once', () => {
    applyWebContentsGuards(asContents(contents), fakeShell());
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-redirect')).toBe(1);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', async () => {
    const session = fakeElectron.session;
    applySessionGuards(session as unknown as Session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      await expect(session.requestPermission(permission), permission).resolves.toBe(false);
      expect(session.checkPermission(permission), permission).toBe(false);
    }
  });
});

describe('isExternalHttpsUrl', () => {
  it('accepts https only', () => {
    expect(isExternalHttpsUrl('https://example.com/x')).toBe(true);
    expect(isExternalHttpsUrl('HTTPS://EXAMPLE.COM')).toBe(true);
    expect(isExternalHttpsUrl('http://example.com')).toBe(false);
    expect(isExternalHttpsUrl('//example.com')).toBe(false);
  });
});
