/** The RFC 7644 §3.12 scimType values a PATCH can fail with (invalidFilter: a path filter RFC 7644 §3.4.2.2 refuses). */
export type PatchErrorType = 'invalidPath' | 'noTarget' | 'invalidValue' | 'mutability' | 'invalidSyntax' | 'invalidFilter';

/** A PATCH the resource cannot take; `opIndex` is the failing entry of Operations (-1 for the request itself). */
export class PatchError extends Error {
  readonly scimType: PatchErrorType;
  readonly opIndex: number;

  constructor(scimType: PatchErrorType, message: string, opIndex: number) {
    super(opIndex >= 0 ? `Operation ${opIndex}: ${message}` : message);
    this.name = 'PatchError';
    this.scimType = scimType;
    this.opIndex = opIndex;
  }
}
