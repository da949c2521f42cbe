import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useBridge } from '../bridge';
import { settingsQuery, useUpdateSettings } from '../scim';
import { useChooseTheme, useChosenTheme, useShowToast, type ThemePreference } from '../stores';

const darkQuery = '(prefers-color-scheme: dark)';
const subscribeToOsTheme = (onChange: () => void) => {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
};
const osPrefersDark = () => window.matchMedia(darkQuery).matches;

/** The theme preference in effect: chosen this session, else saved, else following the OS. */
export function useThemePreference(): ThemePreference {
  const bridge = useBridge();
  const chosen = useChosenTheme();
  const { data: settings } = useQuery(settingsQuery(bridge));
  return chosen ?? settings?.theme ?? 'system';
}

/** Puts the resolved theme on <html data-theme>, following OS changes while the preference is "system". */
export function useApplyTheme(): void {
  const preference = useThemePreference();
  const dark = useSyncExternalStore(subscribeToOsTheme, osPrefersDark);
  const resolved = preference === 'system' ? (dark ? 'dark' : 'light') : preference;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
}

/** Changes the theme now and saves it through settings.update. */
export function useSetThemePreference(): (preference: ThemePreference) => void {
  const choose = useChooseTheme();
  const { mutate } = useUpdateSettings();
  const showToast = useShowToast();
  return useCallback(
    (preference: ThemePreference) => {
      choose(preference);
      mutate({ theme: preference }, { onError: (error) => showToast('error', `The theme could not be saved: ${error.message}`) });
    },
    [choose, mutate, showToast],
  );
}
