import type { ReactNode } from 'react';

/** An honest "not built yet" screen: what will be here and when. */
export function Placeholder({ name, title, children }: { name: string; title: string; children: ReactNode }) {
  return (
    <section className="screen screen-placeholder" data-testid={`screen-${name}`} data-state="ready" aria-labelledby={`screen-${name}-title`}>
      <header className="screen-header">
        <h1 id={`screen-${name}-title`}>{title}</h1>
      </header>
      <div className="placeholder-body">{children}</div>
    </section>
  );
}
