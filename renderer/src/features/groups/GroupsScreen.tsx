import { Placeholder } from '../../ui/Placeholder';

export function GroupsScreen() {
  return (
    <Placeholder name="groups" title="Groups">
      <p>The groups browser and membership workbench: list groups, see and change who is in them, with large groups paged.</p>
      <p className="muted">Coming in the next release.</p>
    </Placeholder>
  );
}
