import { useRef, useState, type ChangeEvent, type RefObject } from 'react';
import type { Capabilities } from '../../../../shared/contract';
import { useDebounced } from '../../lib/useDebounced';
import { quickSearchFilter, quickSearchHint, type BrowseView, type ResourceKind } from '../../scim';
import { useSlashToSearch } from '../../ui/focus';

const SEARCH_DEBOUNCE_MS = 300;

/** The browser's search box: a quick search building a filter for the server, or a raw filter sent exactly as typed. */
export function useQuickSearch(kind: ResourceKind, capabilities: Capabilities, screenRef: RefObject<HTMLElement | null>, noun: string, onType: () => void) {
  const [rawMode, setRawMode] = useState(false);
  const [text, setText] = useState('');
  const settledText = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const query = rawMode ? settledText : settledText.trim();
  const supported = capabilities.filter.supported !== false;
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(screenRef, inputRef);
  // A quick search must find what it says: where the server refuses or ignores its filter (seen now or
  // learned before), the main side matches it over the collection instead, bounded, with progress.
  const filter: Pick<BrowseView, 'filter' | 'matchHere'> =
    query && supported ? { filter: rawMode ? query : quickSearchFilter(kind, query), ...(rawMode ? {} : { matchHere: true }) } : {};
  const hint = !supported
    ? 'Search is off: this server does not support filtering (ServiceProviderConfig filter.supported is false).'
    : rawMode
      ? 'A SCIM filter (RFC 7644 §3.4.2.2), sent exactly as typed.'
      : quickSearchHint(kind);
  const inputProps = {
    ref: inputRef,
    className: rawMode ? 'input mono' : 'input',
    placeholder: rawMode ? 'e.g. userName sw "a" and active eq true' : `Search ${noun}…  ( / )`,
    value: text,
    disabled: !supported,
    title: hint,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      setText(event.target.value);
      onType();
    },
  };
  return { rawMode, setRawMode, supported, filter, hint, inputProps };
}
