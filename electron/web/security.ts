import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RENDERER_CSP } from '../../shared/csp';

export const SESSION_COOKIE = 'scim_desk_session';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export type LaunchLinkRefusal = 'used' | 'replaced' | 'unknown';
export type LaunchTokenExchange = { ok: true; cookie: string } | { ok: false; why: LaunchLinkRefusal };

/** What the browser is told when a launch link cannot be exchanged (the only way on is a new link). */
export const LAUNCH_LINK_REFUSALS: Record<LaunchLinkRefusal, string> = {
  used: 'This link was already used. In the terminal running SCIM Desk, press Enter to print a new link.',
  replaced: 'This link was replaced by a newer one. In the terminal running SCIM Desk, press Enter to print a new link.',
  unknown: 'This link is not valid for the running SCIM Desk. In the terminal running SCIM Desk, press Enter to print a new link.',
};

const RETIRED_TOKENS_KEPT = 100;

/**
 * Launch links and sessions. A link's token works once: exchanging it for a session cookie consumes
 * it, so a link copied from history, a log or a screen share is worthless. Only the newest link is
 * valid; each exchange starts its own session.
 */
export class WebShellSecrets {
  private current: string | null = newToken(24);
  // Retired tokens are kept only to tell "already used" from "never valid"; they open nothing.
  private readonly retired = new Map<string, 'used' | 'replaced'>();
  private readonly sessions = new Set<string>();

  /** The token of the newest link, or null once it has been used. */
  get launchToken(): string | null {
    return this.current;
  }

  /** A new link's token; a previous link not yet used stops working. */
  issueLaunchToken(): string {
    if (this.current) this.retire(this.current, 'replaced');
    this.current = newToken(24);
    return this.current;
  }

  /** Consumes the newest link's token for the Set-Cookie value of a new session. */
  exchangeLaunchToken(candidate: string | null): LaunchTokenExchange {
    if (candidate === null || this.current === null || !safeEqual(candidate, this.current)) {
      return { ok: false, why: (candidate !== null && this.retired.get(candidate)) || 'unknown' };
    }
    this.retire(this.current, 'used');
    this.current = null;
    const sessionId = newToken(32);
    this.sessions.add(sessionId);
    return { ok: true, cookie: `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Strict; Path=/` };
  }

  hasSession(req: IncomingMessage): boolean {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (value === undefined) return false;
    for (const id of this.sessions) if (safeEqual(value, id)) return true;
    return false;
  }

  private retire(token: string, why: 'used' | 'replaced'): void {
    this.retired.set(token, why);
    if (this.retired.size > RETIRED_TOKENS_KEPT) this.retired.delete(this.retired.keys().next().value!);
  }
}

/**
 * DNS-rebinding and CSRF guard: the Host must be our own loopback address and port, and an Origin,
 * when the browser sends one, must be our own origin.
 */
export function checkHostAndOrigin(req: IncomingMessage, port: number): string | null {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) return `Host "${host.slice(0, 100)}" is not this web shell`;
  const origin = req.headers.origin;
  const allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return `Origin "${origin.slice(0, 100)}" is not this web shell`;
  return null;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function newToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
