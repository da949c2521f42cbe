import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../bridge';
import { connectionsListQuery, useActiveConnection, useSwitchConnection } from '../scim';
import type { ThemePreference } from '../stores';
import { Badge } from '../ui/Badge';
import { LockIcon } from '../ui/icons';
import { choicesOf, Select } from '../ui/Select';
import { useSetThemePreference, useThemePreference } from './useTheme';

export function TopBar() {
  return (
    <header className="topbar">
      <div className="brand" aria-label="SCIM Desk">
        <span className="brand-mark" aria-hidden="true">
          {'{ }'}
        </span>
        SCIM Desk
      </div>
      <ConnectionSwitcher />
      <div className="spacer" />
      <ThemeSwitcher />
    </header>
  );
}

/** Native <select>: keyboard, screen readers and tests all know it. Demo connections are grouped under "Demo". */
function ConnectionSwitcher() {
  const bridge = useBridge();
  const { data: connections = [] } = useQuery(connectionsListQuery(bridge));
  const active = useActiveConnection();
  const switchTo = useSwitchConnection();
  const option = (c: (typeof connections)[number]) => (
    <option key={c.id} value={c.id}>
      {c.name}
      {c.readOnly ? ' (read-only)' : ''}
    </option>
  );
  const demo = connections.filter((c) => c.demo);
  const own = connections.filter((c) => !c.demo);
  return (
    <div className="switcher">
      <label htmlFor="connection-switcher" className="switcher-label">
        Connection
      </label>
      <select
        id="connection-switcher"
        data-testid="connection-switcher"
        className="input switcher-select"
        value={active?.id ?? ''}
        disabled={connections.length === 0}
        onChange={(e) => switchTo(e.target.value)}
      >
        {connections.length === 0 && <option value="">No connections</option>}
        {own.length > 0 && <optgroup label="Your connections">{own.map(option)}</optgroup>}
        {demo.length > 0 && <optgroup label="Demo">{demo.map(option)}</optgroup>}
      </select>
      {active?.demo && (
        <Badge tone="info" title={active.demo.description}>
          Demo
        </Badge>
      )}
      {active?.readOnly && (
        <Badge tone="neutral" title="Writes are refused on this connection">
          <LockIcon /> read-only
        </Badge>
      )}
      {active?.tls.allowInvalidCertificates && <Badge tone="danger">certificate checks OFF</Badge>}
    </div>
  );
}

const themeLabels: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

function ThemeSwitcher() {
  const preference = useThemePreference();
  const setPreference = useSetThemePreference();
  return (
    <div className="switcher">
      <label htmlFor="theme-switcher" className="switcher-label">
        Theme
      </label>
      <Select id="theme-switcher" value={preference} choices={choicesOf(themeLabels)} onChange={setPreference} />
    </div>
  );
}
