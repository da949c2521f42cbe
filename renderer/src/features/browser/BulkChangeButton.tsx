import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { useGoTo, useSetBulkSource, useShowToast } from '../../stores';
import { ConfirmDialog } from '../../ui/Dialog';
import { ServerText } from '../../ui/ServerText';

interface BulkChangeButtonProps {
  connectionId: string;
  endpoint: string;
  kind: 'users' | 'groups';
  noun: { one: string; many: string };
  /** The view's filter (a quick search or one typed), when one is in effect. */
  filter: string | undefined;
  /** A quick search the server may refuse or ignore: counted by matching it on the main side. */
  matchHere: boolean;
  /** The rows marked in the table, id → name. */
  marked: ReadonlyMap<string, string>;
  onClearMarks: () => void;
}

/**
 * Hands the marked rows, or every resource the filter matches, to the Bulk screen. A filter is
 * counted first (one list request) and the count asked about before anything else happens.
 */
export function BulkChangeButton({ connectionId, endpoint, kind, noun, filter, matchHere, marked, onClearMarks }: BulkChangeButtonProps) {
  const bridge = useBridge();
  const goTo = useGoTo();
  const setBulkSource = useSetBulkSource();
  const showToast = useShowToast();
  const [counted, setCounted] = useState<{ filter: string; count: number } | null>(null);
  const count = useMutation({
    mutationFn: async (text: string) => {
      const page = await bridge.call('scim.list', { connectionId, endpoint, filter: text, count: 1, ...(matchHere ? { matchHere: true } : {}) });
      if (page.totalResults === null) throw new Error('The server did not say how many match (no totalResults).');
      return { filter: text, count: page.totalResults };
    },
    onSuccess: setCounted,
    onError: (error) => showToast('error', `The ${noun.many} this filter matches could not be counted: ${errorMessage(error)}`),
  });

  const handOver = (target: { kind: 'ids'; ids: string[]; names: string[] } | { kind: 'filter'; filter: string; count: number }) => {
    setBulkSource({ connectionId, endpoint, kind, noun, target });
    goTo('bulk');
  };
  const onClick = () => {
    if (marked.size > 0) handOver({ kind: 'ids', ids: [...marked.keys()], names: [...marked.values()] });
    else if (filter) count.mutate(filter);
  };

  return (
    <>
      {marked.size > 0 && (
        <span className="muted small" data-testid="browser-marked">
          {formatCount(marked.size)} selected{' '}
          <button type="button" className="link-button" onClick={onClearMarks}>
            Clear
          </button>
        </span>
      )}
      <button
        type="button"
        className="button"
        data-testid="bulk-change-open"
        disabled={(marked.size === 0 && !filter) || count.isPending}
        title={
          marked.size > 0
            ? `Change the ${formatCount(marked.size)} selected ${marked.size === 1 ? noun.one : noun.many} together`
            : filter
              ? `Change every ${noun.one} this filter matches`
              : `Select ${noun.many} (Space or Ctrl+click) or search first`
        }
        onClick={onClick}
      >
        {count.isPending ? 'Counting…' : marked.size > 0 ? `Bulk change ${formatCount(marked.size)}…` : 'Bulk change…'}
      </button>
      {counted && (
        <ConfirmDialog
          title={
            counted.count === 0
              ? `No ${noun.many} match`
              : `Change all ${formatCount(counted.count)} ${counted.count === 1 ? noun.one : noun.many} this filter matches?`
          }
          confirmLabel="Continue to Bulk"
          onConfirm={() => {
            setCounted(null);
            handOver({ kind: 'filter', ...counted });
          }}
          onCancel={() => setCounted(null)}
        >
          <p>
            The filter <ServerText className="mono" value={counted.filter} /> matches {formatCount(counted.count)} {counted.count === 1 ? noun.one : noun.many}{' '}
            now.
          </p>
          <p className="muted small">Nothing is changed yet: the Bulk screen plans the change first, with a dry run that only reads.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
