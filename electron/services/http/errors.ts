import { maxHeaderSize } from 'node:http';
import { errors as undiciErrors } from 'undici';
import { AppError } from '../../../shared/contract';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** undici's default, Node's --max-http-header-size. */
const MAX_HEADER_KB = Math.round(maxHeaderSize / 1024);

const NETWORK_MESSAGES: Record<string, string> = {
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup timed out)',
  ECONNREFUSED: 'the connection was refused (nothing is listening on that port)',
  ECONNRESET: 'the connection was reset by the server',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
};

/** Turns whatever the transport threw into an AppError that says what failed, naming the host, never a credential. */
export function toTransportError(error: unknown, url: URL, timeoutMs: number, signal?: AbortSignal): AppError {
  if (error instanceof AppError) return error;
  const host = url.host;
  if (signal?.aborted && !(signal.reason instanceof TimeoutSignal)) {
    return new AppError({ code: 'cancelled', message: 'The request was cancelled.' });
  }
  const chain = causeChain(error);
  const tunnel = chain.find((e): e is ProxyTunnelError => e instanceof ProxyTunnelError);
  if (tunnel) return proxyError(tunnel, chain);
  if (
    chain.some(
      (e) =>
        e instanceof TimeoutSignal ||
        e instanceof undiciErrors.HeadersTimeoutError ||
        e instanceof undiciErrors.BodyTimeoutError ||
        e instanceof undiciErrors.ConnectTimeoutError,
    )
  ) {
    return new AppError({ code: 'timeout', message: `${host} did not answer within ${timeoutMs.toLocaleString('en-US')} ms.` });
  }
  // The server was reached but its answer was unusable: say so rather than "could not reach".
  if (chain.some((e) => e instanceof undiciErrors.HeadersOverflowError)) {
    return new AppError({
      code: 'http',
      message: `${host} answered with response headers larger than the app accepts (${MAX_HEADER_KB} KB); the answer was not read.`,
    });
  }
  const socket = chain.find((e): e is InstanceType<typeof undiciErrors.SocketError> => e instanceof undiciErrors.SocketError);
  if (socket && !chain.some((e) => TLS_CODES.has(String((e as NodeJS.ErrnoException).code)))) {
    return new AppError({ code: 'network', message: `${host} closed the connection (reset) before its answer was complete (${socket.message}).` });
  }
  for (const e of chain) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
      return new AppError({
        code: 'tls',
        message: `The TLS connection to ${host} failed: ${(e as Error).message} (${code}). Add the server's CA certificate to the connection, or, for a test server only, allow invalid certificates.`,
      });
    }
    if (code && NETWORK_MESSAGES[code]) {
      return new AppError({ code: 'network', message: `Could not reach ${host}: ${NETWORK_MESSAGES[code]}.` });
    }
  }
  const last = chain[chain.length - 1];
  const detail = last instanceof Error ? last.message : String(last);
  return new AppError({ code: 'network', message: `Could not reach ${host}: ${detail}` });
}

/** CONNECT through a custom proxy failed: the message must name the proxy, not only the server. */
export class ProxyTunnelError extends Error {
  constructor(
    readonly proxyHost: string,
    /** host:port the tunnel was asked for. */
    readonly target: string,
    readonly timeoutMs: number,
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super(`The proxy ${proxyHost} could not open a tunnel to ${target}`, { cause });
  }
}

function proxyError(tunnel: ProxyTunnelError, chain: unknown[]): AppError {
  const { proxyHost, target } = tunnel;
  const timedOut = tunnel.timedOut || chain.some((e) => e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.ConnectTimeoutError);
  if (timedOut) {
    return new AppError({
      code: 'timeout',
      message: `The proxy ${proxyHost} did not open a tunnel to ${target} within ${tunnel.timeoutMs.toLocaleString('en-US')} ms. Check the connection's proxy setting.`,
    });
  }
  const code = chain.map((e) => (e as NodeJS.ErrnoException).code).find((c) => c && NETWORK_MESSAGES[c]);
  const detail = code ? NETWORK_MESSAGES[code] : String((chain[chain.length - 1] as Error)?.message ?? 'unknown error');
  return new AppError({ code: 'network', message: `The proxy ${proxyHost} could not open a tunnel to ${target}: ${detail}.` });
}

/** Reason used to abort on our own per-request timeout, to tell it apart from a user's cancel. */
export class TimeoutSignal extends Error {}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
