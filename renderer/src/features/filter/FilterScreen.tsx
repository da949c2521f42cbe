import { Placeholder } from '../../ui/Placeholder';

export function FilterScreen() {
  return (
    <Placeholder name="filter" title="Filter">
      <p>A SCIM filter builder and tester: compose <code>filter</code> expressions, check them against the server's schema and see what the server returns.</p>
      <p className="muted">Coming in the next release.</p>
    </Placeholder>
  );
}
