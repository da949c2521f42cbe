import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './window-options';

/**
 * The renderer is served from a privileged custom scheme, never file://: a standard, secure origin
 * of its own (so CSP 'self', fetch and storage behave as on https) that maps to dist/renderer only.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'scim-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for URLs on the app's own origin. Parsed by hand rather than with `URL#origin`: Node treats
 * custom schemes as non-special, so `new URL('app://scim-desk/').origin` is the opaque "null".
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** Must run before app 'ready': Chromium fixes scheme privileges at startup. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Registers the app:// handler (after 'ready'). */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  const handler = createAppRequestHandler(rootDir);
  protocol.handle(APP_SCHEME, (request) => handler(request));
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

function securityHeaders(contentType: string, extra: Record<string, string> = {}): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...extra,
  });
}

function errorResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8', { 'Cache-Control': 'no-store' }) });
}

/** The slice of a request the handler reads: Electron hands it a fetch `Request`. */
export interface AppRequest {
  readonly url: string;
  readonly method?: string;
}

/**
 * Splits a request path into safe segments, or null when it tries to leave the root: dot segments
 * (raw or percent-encoded), backslashes, NULs, colons and hidden segments are refused outright.
 */
export function safePathSegments(rawUrl: string): string[] | null {
  // Look at the path as sent, before URL parsing folds "../" away, so nothing is silently rewritten.
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(rawUrl);
  const rawPath = match?.[1] || '/';
  const segments: string[] = [];
  for (const rawSegment of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null;
    }
    if (segment === '') continue; // "//" or a trailing slash
    if (segment === '.' || segment === '..') return null;
    if (segment.startsWith('.') || /[\\/\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/**
 * Builds the app:// request handler: serves files under `rootDir`, falls back to index.html for
 * client-side routes (paths without a file extension), and stamps the CSP on every response.
 */
export function createAppRequestHandler(rootDir: string): (request: AppRequest) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return errorResponse(405, 'Method not allowed');
    if (!isAppUrl(request.url)) return errorResponse(404, 'Not found');

    const segments = safePathSegments(request.url);
    if (segments === null) return errorResponse(403, 'Forbidden');

    const requested = segments.length === 0 ? 'index.html' : segments.join('/');
    const target = resolve(root, ...requested.split('/'));
    const rel = relative(root, target);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return errorResponse(403, 'Forbidden');

    let file = target;
    if (!(await isFile(file))) {
      // Unknown routes render the SPA; a missing asset (it has an extension) is a plain 404.
      if (extname(segments.at(-1) ?? '') !== '') return errorResponse(404, 'Not found');
      file = resolve(root, 'index.html');
      if (!(await isFile(file))) return errorResponse(404, 'The renderer is not built (run "npm run build").');
    }

    const ext = extname(file).toLowerCase();
    const headers = securityHeaders(MIME_TYPES[ext] ?? 'application/octet-stream', { 'Cache-Control': 'no-cache' });
    const body = method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { status: 200, headers });
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
