export type { ApplyOptions, PatchOpName, PatchOperation, PatchPath } from './types';
export { PatchError, type PatchErrorType } from './errors';
export { parsePatchPath, printPatchPath } from './path';
export { applyPatch, normalizeOpName } from './apply';
export { diffResources, type DiffOptions } from './diff';
export {
  decodePatchBody,
  encodePatch,
  type DecodedPatch,
  type DecodeOptions,
  type EncodeOptions,
  type PatchBody,
  type PatchDialect,
  type WireOperation,
} from './dialects';
export { validateAgainstSchema, type SchemaProblem, type SchemaProblemKind } from './validate';
export type { SchemaSource } from './schema-source';
