import { useId, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';

/**
 * The one tab strip (WAI-ARIA tabs pattern): tablist/tab/tabpanel wired with aria-controls and
 * aria-labelledby, one tab stop (roving tabindex), Left/Right/Home/End moving and selecting.
 * Own and small rather than a library: the strips here are plain buttons over state their owners keep.
 */

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
  disabled?: boolean;
  title?: string;
  testId?: string;
}

/** The ids tying a strip's tabs to its panels; `useTabsId()` once per strip, passed to both parts. */
export const useTabsId = (): string => useId();
const tabId = (base: string, key: string) => `${base}-tab-${key}`;
const panelId = (base: string, key: string) => `${base}-panel-${key}`;

export interface TabListProps<K extends string> {
  id: string;
  /** The strip's accessible name, e.g. "View". */
  label: string;
  items: readonly TabItem<K>[];
  selected: K;
  /** May refuse (e.g. an edit that does not parse): the selection is the owner's. */
  onSelect: (key: K) => void;
  className?: string;
  tabClassName?: string;
}

const NEXT: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

export function TabList<K extends string>({ id, label, items, selected, onSelect, className, tabClassName = 'tab' }: TabListProps<K>) {
  const enabled = items.filter((item) => !item.disabled);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, key: K) => {
    const move = NEXT[event.key];
    if (!move || enabled.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    // Disabled tabs are skipped: they cannot take focus.
    const target =
      enabled[
        move(
          Math.max(
            0,
            enabled.findIndex((item) => item.key === key),
          ),
          enabled.length,
        )
      ]!;
    document.getElementById(tabId(id, target.key))?.focus();
    onSelect(target.key);
  };
  return (
    <div className={className} role="tablist" aria-label={label}>
      {items.map((item) => {
        const isSelected = item.key === selected;
        return (
          <button
            key={item.key}
            type="button"
            role="tab"
            id={tabId(id, item.key)}
            aria-controls={panelId(id, item.key)}
            aria-selected={isSelected}
            tabIndex={isSelected ? 0 : -1}
            className={isSelected ? `${tabClassName} is-active` : tabClassName}
            disabled={item.disabled}
            title={item.title}
            data-testid={item.testId}
            onClick={() => onSelect(item.key)}
            onKeyDown={(event) => onKeyDown(event, item.key)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}

export interface TabPanelsProps<K extends string> extends Omit<HTMLAttributes<HTMLDivElement>, 'id' | 'role'> {
  id: string;
  items: readonly TabItem<K>[];
  selected: K;
  children: ReactNode;
}

/** The selected tab's panel, holding `children`; the others are empty and hidden, so every aria-controls resolves. */
export function TabPanels<K extends string>({ id, items, selected, children, ...rest }: TabPanelsProps<K>) {
  return (
    <>
      {/* One key whatever the tab: switching tabs re-labels the panel rather than remounting what it holds. */}
      <div key="selected" {...rest} role="tabpanel" id={panelId(id, selected)} aria-labelledby={tabId(id, selected)}>
        {children}
      </div>
      {items
        .filter((item) => item.key !== selected)
        .map((item) => (
          <div key={item.key} role="tabpanel" id={panelId(id, item.key)} aria-labelledby={tabId(id, item.key)} hidden />
        ))}
    </>
  );
}
