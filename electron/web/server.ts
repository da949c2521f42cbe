import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { checkReportFormats, webApiPrefix, type CallResult } from '../../shared/contract';
import type { AppCore } from '../services/core';
import { dispatch } from '../services/dispatch';
import { checkHostAndOrigin, LAUNCH_LINK_REFUSALS, SECURITY_HEADERS, WebShellSecrets } from './security';
import { readStaticFile } from './static-files';

const bulkPlanFormats = ['csv', 'json'] as const;

export interface WebShellOptions {
  core: AppCore;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
}

export interface WebShell {
  /** The first link to open: its token works once (exchanged for a session cookie). */
  readonly launchUrl: string;
  /** A new link for another browser; a previous link not yet used stops working. */
  newLaunchUrl(): string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const SSE_HEARTBEAT_MS = 15_000;

/** Serves the renderer and the IPC contract over HTTP + SSE, on 127.0.0.1 only. */
export async function startWebShell({ core, rendererDir, port = 0 }: WebShellOptions): Promise<WebShell> {
  const secrets = new WebShellSecrets();
  const streams = new Set<ServerResponse>();
  let boundPort = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('[scim-desk web] request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The web shell failed to answer.' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHostAndOrigin(req, boundPort);
    if (refusal) return sendText(res, 403, `Forbidden: ${refusal}.`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${boundPort}`);

    // The launch link's token becomes an HttpOnly cookie once, and leaves the address bar (and the
    // history entry) through a redirect; no-referrer and no-store keep it out of Referer and caches.
    if (url.searchParams.has('token')) {
      const exchange = secrets.exchangeLaunchToken(url.searchParams.get('token'));
      // A browser that already has a session and reopens a used link just goes on.
      if (!exchange.ok && secrets.hasSession(req)) return redirectHome(res);
      if (!exchange.ok) return sendText(res, 401, LAUNCH_LINK_REFUSALS[exchange.why]);
      return redirectHome(res, exchange.cookie);
    }
    if (!secrets.hasSession(req)) {
      const advice = 'No web shell session. In the terminal running SCIM Desk, press Enter to print a new link, and open it.';
      if (url.pathname.startsWith(`${webApiPrefix}/`)) return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: advice } });
      return sendText(res, 401, advice);
    }

    if (url.pathname.startsWith(`${webApiPrefix}/call/`) && req.method === 'POST')
      return handleCall(req, res, url.pathname.slice(`${webApiPrefix}/call/`.length));
    if (url.pathname === `${webApiPrefix}/events` && req.method === 'GET') return handleEvents(req, res);
    const jobFile = /^\/api\/jobs\/([A-Za-z0-9_-]{1,100})\/file$/.exec(url.pathname);
    if (jobFile && req.method === 'GET') return sendJobFile(res, jobFile[1]!, url.searchParams.get('format'));
    if (url.pathname.startsWith(`${webApiPrefix}/`)) return sendJson(res, 404, { ok: false, error: { code: 'invalid_input', message: 'Unknown API route.' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');

    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return sendText(res, 404, 'Not found.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.contentType,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    // A JSON content type forces a CORS preflight for any cross-site attempt; with the Origin check, CSRF has no way in.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Calls must be sent as application/json.' } });
    }
    let channelName: string;
    try {
      channelName = decodeURIComponent(channel);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The channel name in the URL is not valid percent-encoding.' } });
    }
    let body: { input?: unknown; callId?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch (error) {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: error instanceof BodyTooLarge ? error.message : 'The call body is not valid JSON.' },
      });
    }
    const callId = typeof body?.callId === 'string' && body.callId.length <= 100 ? body.callId : undefined;
    const { signal, done } = core.calls.start(callId);
    // A closed browser tab cancels its calls.
    res.on('close', () => {
      if (!res.writableFinished && callId) core.calls.cancel(callId);
    });
    let result: CallResult<unknown>;
    try {
      result = await dispatch(core.handlers, channelName, body?.input, signal);
    } finally {
      done();
    }
    sendJson(res, 200, result);
  }

  /**
   * A finished job's file as a download (the web shell's stand-in for Electron's save dialog); with
   * `?format=`, an export written as it is asked: a check job's report (markdown, html, json, har) or
   * a bulk plan job's plan (csv, json).
   */
  async function sendJobFile(res: ServerResponse, jobId: string, format: string | null): Promise<void> {
    let file: { path: string; name: string; mime: string; bytes: number };
    try {
      if (format === null) file = core.jobs.file(jobId);
      else if (core.jobs.get(jobId).kind === 'bulkPlan') {
        if (!(bulkPlanFormats as readonly string[]).includes(format))
          return sendText(res, 400, `Unknown plan format; use one of ${bulkPlanFormats.join(', ')}.`);
        file = await core.bulkPlans.file(jobId, format as (typeof bulkPlanFormats)[number]);
      } else {
        if (!(checkReportFormats as readonly string[]).includes(format))
          return sendText(res, 400, `Unknown report format; use one of ${checkReportFormats.join(', ')}.`);
        file = await core.checkReports.file(jobId, format as (typeof checkReportFormats)[number]);
      }
    } catch (error) {
      return sendText(res, 404, error instanceof Error ? error.message : 'No such file.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': `${file.mime}; charset=utf-8`,
      'content-length': String(file.bytes),
      'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    });
    await pipeline(createReadStream(file.path), res);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(res);
    const unsubscribe = core.events.on((event, payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    res.write(': connected\n\n');
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${boundPort}`;
  const linkFor = (token: string) => `${origin}/?token=${token}`;
  return {
    launchUrl: linkFor(secrets.launchToken!),
    newLaunchUrl: () => linkFor(secrets.issueLaunchToken()),
    origin,
    port: boundPort,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`The call body is over ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function redirectHome(res: ServerResponse, cookie?: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, ...(cookie ? { 'set-cookie': cookie } : {}), location: '/', 'cache-control': 'no-store' });
  res.end();
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
