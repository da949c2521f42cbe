import type { LearnedFact } from '../../../../shared/contract';
import type { LearnedFilterLookup } from '../../../../shared/filter';
import { filterFactKey, termAttribute } from '../../../../shared/scim';

/** "at 12:03" today, "on 3 May at 12:03" (with the year when it is not this one) before. */
export function learnedWhen(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return `on ${iso}`;
  const time = `at ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (at.toDateString() === now.toDateString()) return time;
  const day = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(at.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) });
  return `on ${day} ${time}`;
}

/**
 * What the filter builder's warnings and operator picker read of what a server was seen to do with
 * filters on one endpoint: terms named as the engine names them (shared/scim), so the builder greys
 * out and blocks exactly what the main side would refuse to send.
 */
export function learnedFilterLookup(facts: readonly LearnedFact[], endpoint: string, when: (iso: string) => string = learnedWhen): LearnedFilterLookup {
  const byKey = new Map(facts.filter((f) => f.kind === 'filter').map((f) => [f.key, f]));
  return { attribute: termAttribute, fact: (term) => byKey.get(filterFactKey(endpoint, term)), when };
}
