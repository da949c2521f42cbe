import { AppError, type LearnedFact, type ListPage, type ScanProgressEvent } from '../../../shared/contract';
import { parseFilter } from '../../../shared/filter';
import { blameTerms, filterFactKey, filterTerms, normalizeEndpoint, predictFilter } from '../../../shared/scim';
import type { NewFact } from './learned-store';

/**
 * Learning from filters: which terms a server refused (a 400 naming them, or the one term not yet
 * seen to work) or silently ignored (an answer that does not match), and refusing to send a filter
 * again once one of its terms was refused.
 */

/** What the lister needs of the learned record: read it, and add to it (a fact that is new raises a quirk). */
export interface LearnedAccess {
  facts(): ReadonlyMap<string, LearnedFact>;
  learn(fact: NewFact): void;
  /** Progress of a match-here scan (pushed to the screen that asked). */
  progress?(event: Omit<ScanProgressEvent, 'connectionId'>): void;
}

/** Throws before sending a filter whose terms this server already refused. */
export function refuseKnownRefusal(facts: ReadonlyMap<string, LearnedFact>, endpoint: string, filter: string): void {
  const prediction = predictFilter(facts, endpoint, filter);
  if (prediction.verdict !== 'refused') return;
  const fact = prediction.because[0]!;
  throw new AppError({
    code: 'unsupported',
    message: `Not sent: this server refused filters with "${fact.subject}" on ${endpoint} (learned ${fact.learnedAt.slice(0, 16).replace('T', ' ')} UTC: ${fact.message}). Forget what was learned about this server to try again.`,
    exchangeId: fact.exchangeId,
    learnedKeys: prediction.because.map((f) => f.key),
  });
}

/** Why a filter is matched here, in words: the terms the server refused or ignored. */
export function describeUnhelpfulFilter(facts: ReadonlyMap<string, LearnedFact>, endpoint: string, filter: string): string {
  const prediction = predictFilter(facts, endpoint, filter);
  const terms = prediction.because.map((f) => `"${f.subject}"`).join(', ');
  if (prediction.verdict === 'refused') return `The server refuses ${terms} in filters.`;
  if (prediction.verdict === 'ignored') return `The server ignores ${terms} in filters.`;
  return 'The server did not apply this filter.';
}

export function isFilterRefusal(error: AppError): boolean {
  if (error.code !== 'http' || (error.status !== 400 && error.status !== 501)) return false;
  const scimType = (error.data.scimType ?? '').toLowerCase();
  if (scimType === 'invalidfilter' || scimType === 'invalidpath' || scimType === 'toomany') return scimType !== 'toomany';
  // A 400 that says nothing (an empty body) to a filtered request: the filter is what it refused.
  if (error.status === 400 && !scimType && !error.data.detail) return true;
  return /filter|operator|not supported|unsupported/i.test(`${error.data.detail ?? ''} ${error.message}`);
}

/** The filter's terms, or null for a filter we cannot parse (the server was the only judge of it). */
function termsOf(filter: string): string[] | null {
  try {
    return filterTerms(parseFilter(filter));
  } catch {
    return null;
  }
}

function filterFact(endpoint: string, term: string, state: 'refused' | 'ignored' | 'accepted', message: string, action: string, exchangeId?: string): NewFact {
  return { key: filterFactKey(endpoint, term), kind: 'filter', endpoint, subject: term, state, message, action, exchangeId };
}

/** The refusal as thrown: where the server said nothing (an empty 400), the message names the filter it refused. */
export function namedFilterRefusal(error: AppError, filter: string): AppError {
  if (error.data.detail) return error;
  return new AppError({ ...error.data, message: `${error.message}: the server refused the filter ${quoteFilter(filter)}` });
}

export function learnFilterRefusal(learned: LearnedAccess, endpointName: string, filter: string, error: AppError): void {
  const endpoint = normalizeEndpoint(endpointName);
  const terms = termsOf(filter);
  if (!terms) return;
  const facts = learned.facts();
  // A server that quotes the filter back names every term: only its own words say what it refused.
  const said = [filter, JSON.stringify(filter).slice(1, -1)].reduce(
    (text, quoted) => text.split(quoted).join(' '),
    `${error.data.detail ?? ''} ${error.message}`,
  );
  const blamed = blameTerms(terms, (t) => facts.get(filterFactKey(endpoint, t))?.state === 'accepted', said);
  for (const term of blamed) {
    const message = `The server refused the filter ${quoteFilter(filter)} with HTTP ${error.status}${error.data.detail ? `: ${error.data.detail.slice(0, 300)}` : ''}.`;
    const action = `Filters using "${term}" are not sent to ${endpointName} again; searches use what the server accepts and match the rest here.`;
    learned.learn(filterFact(endpoint, term, 'refused', message, action, error.data.exchangeId));
  }
}

export function learnFilterOutcome(learned: LearnedAccess, endpointName: string, filter: string, page: ListPage): void {
  const endpoint = normalizeEndpoint(endpointName);
  const terms = termsOf(filter);
  if (!terms) return;
  const facts = learned.facts();
  const check = page.filterCheck;
  if (check && check.mismatches > 0) {
    // A term seen to work on a page where nothing happened to mismatch can still be the one ignored: when
    // every term was accepted before, the blame falls among all of them.
    const accepted = (t: string) => facts.get(filterFactKey(endpoint, t))?.state === 'accepted';
    const blamed = blameTerms(terms, accepted);
    for (const term of blamed.length > 0 ? blamed : blameTerms(terms, () => false)) {
      const message = `The server answered the filter ${quoteFilter(filter)} with ${check.mismatches} of ${check.checked} resources that do not match it: it ignores "${term}".`;
      learned.learn(
        filterFact(
          endpoint,
          term,
          'ignored',
          message,
          `Results of filters using "${term}" are checked here, and searches match that part here.`,
          page.exchangeId,
        ),
      );
    }
    return;
  }
  if (!check) return;
  for (const term of terms) {
    if (facts.get(filterFactKey(endpoint, term))) continue;
    learned.learn(
      filterFact(endpoint, term, 'accepted', `The server applied the filter ${quoteFilter(filter)} correctly.`, 'Used where it helps.', page.exchangeId),
    );
  }
}

/** A filter as it reads in a sentence: ‹userName sw "a"›, cut short when long. */
function quoteFilter(filter: string): string {
  return `‹${filter.length > 200 ? `${filter.slice(0, 199)}…` : filter}›`;
}
