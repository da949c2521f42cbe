import { Placeholder } from '../../ui/Placeholder';

export function PatchScreen() {
  return (
    <Placeholder name="patch" title="Patch">
      <p>A PATCH operation composer: build <code>add</code>, <code>replace</code> and <code>remove</code> operations, preview the request and its effect, then send it.</p>
      <p className="muted">Coming in the next release.</p>
    </Placeholder>
  );
}
