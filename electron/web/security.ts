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

/** Per-launch secrets: the token printed in the URL and the session id it is exchanged for. */
export class WebShellSecrets {
  readonly launchToken = randomBytes(24).toString('base64url');
  private readonly sessionId = randomBytes(32).toString('base64url');

  checkLaunchToken(candidate: string | null): boolean {
    return candidate !== null && safeEqual(candidate, this.launchToken);
  }

  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.sessionId}; HttpOnly; SameSite=Strict; Path=/`;
  }

  hasSession(req: IncomingMessage): boolean {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    return value !== undefined && safeEqual(value, this.sessionId);
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
