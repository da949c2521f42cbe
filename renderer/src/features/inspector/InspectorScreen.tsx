import { Placeholder } from '../../ui/Placeholder';

export function InspectorScreen() {
  return (
    <Placeholder name="inspector" title="Inspector">
      <p>The request inspector: every HTTP exchange with the SCIM server (method, URL, headers with secrets masked, body, timing) and the quirks each one showed.</p>
      <p className="muted">Coming in the next release.</p>
    </Placeholder>
  );
}
