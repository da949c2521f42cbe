import { isDeepStrictEqual } from 'node:util';
import { compileFilter, parseFilter, type AttributeLookup } from '../../shared/filter';
import { applyPatch, type PatchOperation } from '../../shared/patch';
import { CORE_SCHEMAS, createAttributeResolver, SCHEMA_USER } from '../../shared/scim';
import type { At, JsonObject, PatchCheck, PeerFilterCase, PeerPatchCase } from './peers/types';

/** How one case went: our answer and the peer's, as text for messages, and whether they agree. */
export interface Outcome {
  agrees: boolean;
  ours: string;
  peer: string;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return `error ${String(error)}`;
  const scimType = (error as { scimType?: unknown }).scimType;
  return `error ${typeof scimType === 'string' ? scimType : error.name}: ${error.message}`;
}

function caseExactLookup(caseExact: PeerFilterCase['caseExact']): AttributeLookup | undefined {
  if (caseExact === undefined) return undefined;
  if (caseExact === true) return () => ({ type: 'string', caseExact: true });
  const names = new Set(caseExact.map((name) => name.toLowerCase()));
  return (path) => (path.sub === undefined && names.has(path.name.toLowerCase()) ? { type: 'string', caseExact: true } : undefined);
}

/** Parses and runs the filter over the case's resources, as the server check does. */
export function judgeFilter(testCase: PeerFilterCase): Outcome {
  const peer = testCase.expected === 'error' ? 'error' : `matches [${testCase.expected.join(', ')}]`;
  try {
    const predicate = compileFilter(parseFilter(testCase.filter), caseExactLookup(testCase.caseExact));
    const positions = testCase.resources.flatMap((resource, index) => (predicate({ ...resource }) ? [index] : []));
    const ours = `matches [${positions.join(', ')}]`;
    return { agrees: testCase.expected !== 'error' && isDeepStrictEqual(positions, [...testCase.expected]), ours, peer };
  } catch (error) {
    return { agrees: testCase.expected === 'error', ours: errorText(error), peer };
  }
}

/** The peer resources are Users: the engine runs with RFC 7643's User schema, as a server knows its own. */
const userSchema = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);

function valueAt(root: unknown, at: At): unknown {
  let current = root;
  for (const step of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function checkHolds(check: PatchCheck, input: JsonObject, snapshot: JsonObject, result: JsonObject): boolean {
  if ('untouchedInput' in check) return result !== input && isDeepStrictEqual(input, snapshot);
  const value = valueAt(result, check.at);
  if ('equals' in check) return isDeepStrictEqual(value, check.equals);
  if ('absent' in check) return value === undefined || value === null;
  if (!Array.isArray(value)) return false;
  if ('length' in check) return value.length === check.length;
  if ('contains' in check) return value.some((element) => isDeepStrictEqual(element, check.contains));
  return value.filter((element) => isDeepStrictEqual(element, check.count)).length === check.times;
}

function describeCheck(check: PatchCheck): string {
  if ('untouchedInput' in check) return 'input untouched';
  const { at, ...rest } = check;
  return `${at.join('.')} ${JSON.stringify(rest)}`;
}

/** Applies the operations with applyPatch and tests the peer's assertions on the result. */
export function judgePatch(testCase: PeerPatchCase): Outcome {
  const expected = testCase.expected;
  const peer = 'error' in expected ? `error ${expected.error}` : `result with ${expected.checks.map(describeCheck).join('; ') || 'no error'}`;
  const input = structuredClone(testCase.resource);
  const snapshot = structuredClone(testCase.resource);
  let result: JsonObject;
  try {
    result = applyPatch(input, testCase.operations as PatchOperation[], { lookup: userSchema });
  } catch (error) {
    return { agrees: 'error' in expected, ours: errorText(error), peer };
  }
  if ('error' in expected) return { agrees: false, ours: `result ${JSON.stringify(result)}`, peer };
  const failed = expected.checks.filter((check) => !checkHolds(check, input, snapshot, result));
  const ours = failed.length === 0 ? 'result passes every check' : `result fails ${failed.map(describeCheck).join('; ')}: ${JSON.stringify(result)}`;
  return { agrees: failed.length === 0, ours, peer };
}
