/** Enough of a multi-megabyte text to fill the box while the editor loads, without laying out all of it. */
const PREVIEW_CHARS = 20_000;

/** The text as plain lines while CodeMirror loads (a few ms, once), or for good if it could not load. */
export function CodeFallback({ text, failed }: { text: string; failed: boolean }) {
  return (
    <pre className="code-fallback" aria-busy={!failed}>
      {text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS) : text}
      {failed && <span className="code-fallback-note">{'\n'}(The editor could not be loaded: shown as plain text.)</span>}
    </pre>
  );
}
