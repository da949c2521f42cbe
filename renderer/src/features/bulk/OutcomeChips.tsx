import { formatCount } from '../../lib/format';

interface OutcomeChipsProps<T extends string> {
  /** The group's accessible name: "Show targets by outcome". */
  label: string;
  order: readonly T[];
  counts: Readonly<Record<T, number>>;
  labels: Readonly<Record<T, string>>;
  help?: Readonly<Record<T, string>>;
  /** The outcome shown alone, or null for all. */
  selected: T | null;
  onToggle: (outcome: T) => void;
  testId: string;
}

/**
 * Totals as toggle buttons (Enter or Space, like any button): pressing one shows only its rows,
 * pressing it again shows all. Outcomes with nothing are left out unless chosen.
 */
export function OutcomeChips<T extends string>({ label, order, counts, labels, help, selected, onToggle, testId }: OutcomeChipsProps<T>) {
  return (
    <div className="bulk-chips-group" role="group" aria-label={label} data-testid={testId}>
      {order.map((outcome) =>
        counts[outcome] > 0 || selected === outcome ? (
          <button
            key={outcome}
            type="button"
            className={`chip-toggle bulk-chip-toggle is-${outcome}`}
            aria-pressed={selected === outcome}
            title={help?.[outcome]}
            data-testid={`${testId}-${outcome}`}
            data-outcome={outcome}
            data-count={counts[outcome]}
            onClick={() => onToggle(outcome)}
          >
            <span className="bulk-chip-count">{formatCount(counts[outcome])}</span> {labels[outcome]}
          </button>
        ) : null,
      )}
    </div>
  );
}
