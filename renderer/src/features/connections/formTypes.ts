import type { ConnectionFormState, FieldErrors } from './formModel';

/** What every section of the connection editor gets. */
export interface SectionProps {
  form: ConnectionFormState;
  update: (patch: Partial<ConnectionFormState>) => void;
  errors: FieldErrors;
  /** Unique id prefix, so labels point at this form's controls. */
  ids: string;
}
