export type { ApplyOptions, PatchOpName, PatchOperation, PatchPath } from './types';
export { PatchError, type PatchErrorType } from './errors';
export { parsePatchPath, printPatchPath } from './path';
export { applyPatch, normalizeOpName } from './apply';
