import type { ReactNode, SelectHTMLAttributes } from 'react';

/** A choice: its value (shown as it is), or a value with the label shown for it. */
export type Choice<T extends string> = T | { value: T; label: ReactNode };

interface SelectProps<T extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  /** Options shown before the choices, such as "Any". */
  children?: ReactNode;
}

/** A native <select> over a list of choices: keyboard, screen readers and tests all know it. */
export function Select<T extends string>({ choices, onChange, children, className = 'input', ...rest }: SelectProps<T>) {
  return (
    <select {...rest} className={className} onChange={(e) => onChange(e.target.value as T)}>
      {children}
      {choices.map((c) =>
        typeof c === 'object' ? (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ) : (
          <option key={c} value={c}>
            {c}
          </option>
        ),
      )}
    </select>
  );
}

/** The choices of a label table, in its order. */
export const choicesOf = <T extends string>(labels: Readonly<Record<T, ReactNode>>): Choice<T>[] =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
