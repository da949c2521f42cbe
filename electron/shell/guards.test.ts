import type { Session, Shell, WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebContents, fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { applySessionGuards, applyWebContentsGuards, confirmedExternalOpener, isExternalHttpUrl, type ShowMessageBox } from './guards';

// The fake is duck-typed to the slice of Electron the guards use.
const asContents = (contents: FakeWebContents) => contents as unknown as WebContents;
const fakeShell = () => fakeElectron.shell as unknown as Pick<Shell, 'openExternal'>;

let contents: FakeWebContents;
/** The URLs the confirmation dialog was shown for, and the answer it gives (1 = Open in browser). */
let asked: string[];
let answer: number;
const showMessageBox: ShowMessageBox = async (options) => {
  asked.push(options.detail ?? '');
  return { response: answer };
};
beforeEach(() => {
  resetFakeElectron();
  asked = [];
  answer = 1;
  contents = new FakeWebContents();
  applyWebContentsGuards(asContents(contents), confirmedExternalOpener(fakeShell(), showMessageBox));
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('window.open', () => {
  it('is always denied; http(s) targets go to the default browser once the user confirmed the exact URL', async () => {
    expect(contents.simulateWindowOpen('https://docs.example/scim')).toEqual({ action: 'deny' });
    expect(contents.simulateWindowOpen('http://intranet.example/a?b=1')).toEqual({ action: 'deny' });
    await settle();
    expect(asked).toEqual(['https://docs.example/scim', 'http://intranet.example/a?b=1']);
    expect(fakeElectron.shell.opened).toEqual(['https://docs.example/scim', 'http://intranet.example/a?b=1']);
  });

  it('opens nothing when the user cancels', async () => {
    answer = 0;
    contents.simulateWindowOpen('https://docs.example/scim');
    await settle();
    expect(asked).toEqual(['https://docs.example/scim']);
    expect(fakeElectron.shell.opened).toEqual([]);
  });

  it('neither asks nor opens for file, javascript, app or other URLs', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://scim-desk/index.html', 'smb://host/share', 'ms-settings:privacy', '']) {
      expect(contents.simulateWindowOpen(url), url).toEqual({ action: 'deny' });
    }
    await settle();
    expect(asked).toEqual([]);
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
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('prevents attaching a <webview>', () => {
    expect(contents.simulateAttachWebview()).toBe(true);
  });

  it('is idempotent: applying twice registers each listener once', () => {
    applyWebContentsGuards(asContents(contents), confirmedExternalOpener(fakeShell(), showMessageBox));
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

describe('isExternalHttpUrl', () => {
  it('accepts http and https only', () => {
    expect(isExternalHttpUrl('https://example.com/x')).toBe(true);
    expect(isExternalHttpUrl('HTTPS://EXAMPLE.COM')).toBe(true);
    expect(isExternalHttpUrl('http://example.com')).toBe(true);
    expect(isExternalHttpUrl('ftp://example.com')).toBe(false);
    expect(isExternalHttpUrl('//example.com')).toBe(false);
  });
});
