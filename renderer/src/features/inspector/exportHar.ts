import type { QueryClient } from '@tanstack/react-query';
import type { Bridge, JournalEntry, JournalSummary } from '../../../../shared/contract';
import { toHar } from '../../../../shared/exchange';
import { isBridgeError } from '../../bridge';
import { chooseSaveTarget, saveBlob, suggestedFileName } from '../../lib/saveFile';
import { journalEntryQuery } from './queries';

/** Parallel journal.get calls while gathering entries: enough to be quick, few enough to leave the app responsive. */
const CONCURRENCY = 4;

export type HarExportResult = { kind: 'cancelled' } | { kind: 'saved'; count: number; missing: number };

/**
 * Saves the given exchanges as a HAR 1.2 file. The save target is asked for first, while the click's
 * user activation lasts; the full entries are then read (cached ones reused). Entries that were rotated
 * out meanwhile are left out and counted.
 */
export async function exportHar(bridge: Bridge, queryClient: QueryClient, summaries: readonly JournalSummary[], version: string): Promise<HarExportResult> {
  const fileName = suggestedFileName('scim-desk', 'har');
  const target = await chooseSaveTarget(fileName, 'application/json', 'har');
  if (!target) return { kind: 'cancelled' };
  const entries: JournalEntry[] = [];
  let missing = 0;
  let next = 0;
  const worker = async () => {
    while (next < summaries.length) {
      const summary = summaries[next++]!;
      try {
        entries.push(await queryClient.fetchQuery(journalEntryQuery(bridge, summary.id)));
      } catch (error) {
        if (isBridgeError(error) && error.data.code === 'not_found') missing++;
        else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, summaries.length) }, worker));
  const har = toHar(entries, { name: 'SCIM Desk', version }, 'Exported from the SCIM Desk request journal. Credentials were redacted when recorded.');
  await saveBlob(target, new Blob([JSON.stringify(har, null, 2)], { type: 'application/json' }), fileName);
  return { kind: 'saved', count: entries.length, missing };
}
