import { Suspense } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { useScreen, useVisitedScreens } from '../stores';
import { ErrorBoundary, ScreenCrashed } from './ErrorBoundary';
import { NavBar } from './NavBar';
import { NoticeBanner } from './NoticeBanner';
import { screens } from './screens';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

/** Top bar, notices, nav, the current screen, status bar. */
export function AppFrame({ info }: { info: AppInfo }) {
  const screenId = useScreen();
  const visited = useVisitedScreens();
  useKeyboardShortcuts();
  const mounted = screens.filter((s) => s.id === screenId || (s.keepAlive && visited.includes(s.id)));
  return (
    <div className="app" data-testid="app" data-state="ready" data-shell={info.shell}>
      <TopBar />
      <NoticeBanner notices={info.notices} />
      <div className="app-body">
        <NavBar />
        <main className="main">
          {mounted.map((screen) => (
            <div key={screen.id} className="screen-slot" hidden={screen.id !== screenId}>
              <ErrorBoundary fallback={(error, reset) => <ScreenCrashed name={screen.id} error={error} reset={reset} />}>
                <Suspense
                  fallback={
                    <p className="muted screen-loading" role="status">
                      Loading…
                    </p>
                  }
                >
                  <screen.Component />
                </Suspense>
              </ErrorBoundary>
            </div>
          ))}
        </main>
      </div>
      <StatusBar info={info} />
    </div>
  );
}
