import { useGoTo, useScreen } from '../stores';
import { screens } from './screens';

// macOS writes the Alt (Option) key as ⌥; elsewhere it is spelled out.
const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const shortcutLabel = (shortcut: string) => (isMac ? shortcut.replace('Alt+', '⌥') : shortcut);

export function NavBar() {
  const current = useScreen();
  const goTo = useGoTo();
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {screens.map(({ id, label, Icon, shortcut }) => (
          <li key={id}>
            <button
              type="button"
              className={id === current ? 'nav-item current' : 'nav-item'}
              aria-current={id === current ? 'page' : undefined}
              aria-keyshortcuts={shortcut}
              title={`${label} (${shortcutLabel(shortcut)})`}
              data-testid={`nav-${id}`}
              onClick={() => goTo(id)}
            >
              <Icon />
              <span className="nav-label">{label}</span>
              <kbd className="nav-shortcut">{shortcutLabel(shortcut)}</kbd>
            </button>
          </li>
        ))}
      </ul>
      <p className="nav-help muted small">{isMac ? `⌥1…⌥${screens.length}` : `Alt+1…${screens.length}`} switch screens</p>
    </nav>
  );
}
