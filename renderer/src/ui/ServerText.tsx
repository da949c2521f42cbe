import { CONTROLS_TITLE, hasControls, splitControls } from '../lib/visible-controls';

interface ServerTextProps {
  /** A string as a server sent it (displayName, userName, …). */
  value: string;
  className?: string;
  /** A tooltip for names without controls; names with controls get the warning instead. */
  title?: string;
}

/**
 * A string from a server, isolated from the surrounding text (`<bdi>`) so bidi controls cannot
 * reorder the screen, with invisible and bidi control characters shown as visible markers.
 */
export function ServerText({ value, className, title }: ServerTextProps) {
  if (!hasControls(value)) {
    return (
      <bdi className={className ? `server-text ${className}` : 'server-text'} title={title}>
        {value}
      </bdi>
    );
  }
  return (
    <bdi
      className={className ? `server-text has-controls ${className}` : 'server-text has-controls'}
      title={`${CONTROLS_TITLE}: ${title ?? value}`}
      data-controls="true"
    >
      {splitControls(value).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={i} className="control-marker" aria-label={part.code}>
            {part.marker}
          </span>
        ),
      )}
    </bdi>
  );
}
