import { SCIM_PATCH_ADD_CASES } from './peers/scim-patch-add';
import { SCIM_PATCH_REMOVE_CASES } from './peers/scim-patch-remove';
import { SCIM_PATCH_REPLACE_CASES } from './peers/scim-patch-replace';
import type { PeerPatchCase } from './peers/types';

/** Every PatchOp case of scim-patch's suites (see ./peers/types.ts for the source and its commit). */
export const PEER_PATCH_CASES: readonly PeerPatchCase[] = [...SCIM_PATCH_REPLACE_CASES, ...SCIM_PATCH_ADD_CASES, ...SCIM_PATCH_REMOVE_CASES];
