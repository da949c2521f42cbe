import { createInterface } from 'node:readline';

/** Where a running web shell hears "print a new launch link". */
export interface NewLinkSources {
  /** The terminal: an empty line (Enter) or "n" asks for a link. Pass it only when it is a TTY. */
  input?: NodeJS.ReadableStream;
  /** SIGUSR2 asks for a link (`kill -USR2 <pid>`), for shells started without a terminal, and tests. */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

export const NEW_LINK_SIGNAL = 'SIGUSR2';

/** Calls `request` whenever the user asks for a new link; returns a function that stops listening. */
export function onNewLinkRequest({ input, signals }: NewLinkSources, request: () => void): () => void {
  const lines = input ? createInterface({ input, terminal: false }) : undefined;
  lines?.on('line', (line) => {
    if (/^\s*n?\s*$/i.test(line)) request();
  });
  const onSignal = () => request();
  signals?.on(NEW_LINK_SIGNAL, onSignal);
  return () => {
    lines?.close();
    signals?.off(NEW_LINK_SIGNAL, onSignal);
  };
}
