import type { AttrPath, AttributeLookup } from '../filter/index';
import type { JsonObject } from '../filter/resource-access';
import type { PatchErrorType } from './errors';
import type { MultiValuedIndexes } from './multi-valued';

/** What an operation needs while it edits the working copy. */
export interface PatchContext {
  /** The working copy: cloned once per applyPatch, then edited in place. */
  root: JsonObject;
  lookup?: AttributeLookup;
  isReadOnly?: (path: AttrPath) => boolean;
  indexes: MultiValuedIndexes;
  /** Throws a PatchError for the current operation. */
  fail(scimType: PatchErrorType, message: string): never;
}
