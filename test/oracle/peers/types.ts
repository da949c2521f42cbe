/**
 * Other projects' SCIM test suites, translated into data, as an oracle for our filter evaluator and
 * PatchOp engine (issue #13). Each case keeps where it came from and what the peer expects; the
 * disagreements table (../disagreements.ts) says, per case we answer differently, who is right and why.
 */

export type JsonObject = Record<string, unknown>;

export type PeerName = 'scim2-parse-filter' | 'scimmy' | 'scim-patch';

/** The snapshots the cases were translated from (fetched 2026, read with git show). */
export const PEER_SOURCES: Record<PeerName, { repo: string; commit: string; version: string; license: string }> = {
  'scim2-parse-filter': {
    repo: 'github.com/thomaspoignant/scim2-parse-filter',
    commit: 'e3d28de567da2169fc6b08ee7ac0f1de29287c45',
    version: '0.3.0',
    license: 'Unlicense',
  },
  scimmy: { repo: 'github.com/scimmyjs/scimmy', commit: '96325f80cd10b017bb793e1edc9bc526431c84d0', version: '1.3.5', license: 'MIT' },
  'scim-patch': {
    repo: 'github.com/thomaspoignant/scim-patch',
    commit: '74f470e50588ed2c185a8aca0c7aaf8cadcd0390',
    version: '0.9.0',
    license: 'Unlicense',
  },
};

export interface PeerSource {
  peer: PeerName;
  /** Path of the test file in the peer's repository. */
  file: string;
  /** The peer's test name (describe › it, or fixture group and number). */
  test: string;
}

/** Left out of the counts, with the reason: what the case tests is not something our engines do. */
export interface NotApplicable {
  notApplicable: string;
}

export interface PeerFilterCase {
  id: string;
  source: PeerSource;
  /** The filter as SCIM text. For SCIMMY, translated from its expression object (kept in `peerExpression`). */
  filter: string;
  peerExpression?: unknown;
  resources: readonly JsonObject[];
  /** The peer's schema knowledge: caseExact for every attribute, or for the attributes named. */
  caseExact?: true | readonly string[];
  /** Positions in `resources` the peer says match, or "error" when it says the filter is refused. */
  expected: readonly number[] | 'error';
  skip?: NotApplicable;
  note?: string;
}

/** A JSON path into the patched resource: keys and array indexes. */
export type At = readonly (string | number)[];

/** One assertion of the peer's test, as data. */
export type PatchCheck =
  | { at: At; equals: unknown }
  /** chai's not.to.exist / an('undefined'): undefined or null. */
  | { at: At; absent: true }
  | { at: At; length: number }
  /** The list holds an element deep-equal to this. */
  | { at: At; contains: unknown }
  /** The list holds this value exactly `times` times. */
  | { at: At; count: unknown; times: number }
  /** The result is a new object and the input is left as it was. */
  | { untouchedInput: true };

export interface PeerPatchCase {
  id: string;
  source: PeerSource;
  resource: JsonObject;
  operations: readonly unknown[];
  /** scim-patch options the test passes (treatMissingAsAdd defaults to true in scim-patch). */
  peerOptions?: JsonObject;
  /** The peer's verdict: an error (its error class), or a result on which these checks hold. */
  expected: { error: string } | { checks: readonly PatchCheck[] };
  skip?: NotApplicable;
  note?: string;
}
