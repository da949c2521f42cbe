import { useEffect } from 'react';
import { useGoTo } from '../stores';
import { screens } from './screens';

/** Alt+1…9 opens the nav's screens (by position). `code` rather than `key`, so it works whatever Alt does to the digit on a layout. */
export function useKeyboardShortcuts(): void {
  const goTo = useGoTo();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      // A modal dialog owns the keyboard; leaving its screen would hide it while the page stays inert.
      if (document.querySelector('dialog[open]')) return;
      const match = /^Digit([1-9])$/.exec(event.code);
      const screen = match ? screens[Number(match[1]) - 1] : undefined;
      if (!screen) return;
      event.preventDefault();
      goTo(screen.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [goTo]);
}
