/**
 * The judge of a write: what the RFC says the resource becomes is computed here by the local PatchOp
 * engine from the resource as read before, and compared with what the server holds when read back
 * (and with what its PATCH answer showed). Only the attributes a step touches are compared, each in
 * a canonical form, since servers add `display`, `$ref`, `meta` and reorder multi-valued attributes.
 */
import { applyPatch, encodePatch, type PatchOperation } from '../../../../shared/patch';
import { standardAttributeLookup } from '../../../../shared/patch/schema-source';
import { fail, ignored, pass, unsupported, warn, type CheckContext, type CheckOutcome, type ProbeResponse } from '../types';
import { describeStatus, lookupFor, prop, worst, type Rec } from './sample';
import { isObject } from './verdict-findings';
import { isSuccess, readBack, resourceIn, type Made } from './write-kit';

/** An attribute a step changes: `nickName`, `name.givenName`, `emails`, `urn:…:User:department`. */
export interface Probe {
  path: string;
  /** How the path reads in messages, when shorter than the path (`enterprise department`). */
  label?: string;
  /** For multi-valued attributes: the sub-attributes that identify an element (default value, type, primary). */
  keys?: readonly string[];
}

const ELEMENT_KEYS = ['value', 'type', 'primary'] as const;

/** The value at a probe's path, names matched case-insensitively. */
export function valueAt(resource: unknown, path: string): unknown {
  let container = resource;
  let rest = path;
  if (/^urn:/i.test(path)) {
    const at = path.lastIndexOf(':');
    container = prop(resource, path.slice(0, at));
    rest = path.slice(at + 1);
  }
  const [name, sub] = rest.split('.') as [string, string | undefined];
  const value = prop(container, name);
  return sub === undefined ? value : prop(value, sub);
}

/**
 * A canonical form to compare: absent, null, "" and [] are the same; multi-valued elements keep only
 * their identifying keys, in any order; `primary` counts only when it is JSON `true` (RFC 7643 §2.4);
 * element values and types compare case-insensitively (emails are caseExact false; ids are opaque text).
 */
export function canonical(value: unknown, keys: readonly string[] = ELEMENT_KEYS): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    const elements = value.map((e) => JSON.stringify(element(e, keys))).filter((e) => e !== undefined);
    return elements.length ? [...new Set(elements)].sort() : undefined;
  }
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => [k.toLowerCase(), canonical(value[k], keys)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

function element(e: unknown, keys: readonly string[]): unknown {
  if (!isObject(e)) return typeof e === 'string' ? e.toLowerCase() : e;
  const out: Rec = {};
  for (const key of keys) {
    const v = prop(e, key);
    if (key === 'primary') {
      if (v === true) out.primary = true;
    } else if (typeof v === 'string' && v !== '') out[key] = v.toLowerCase();
    else if (typeof v === 'number') out[key] = String(v);
    else if (v !== undefined && v !== null && v !== '') out[key] = v;
  }
  return out;
}

export const same = (a: unknown, b: unknown, probe: Probe): boolean => JSON.stringify(canonical(a, probe.keys)) === JSON.stringify(canonical(b, probe.keys));

/** A probed value in a message: multi-valued elements by their identifying keys only. */
function shownAt(resource: unknown, probe: Probe): string {
  const value = valueAt(resource, probe.path);
  return shown(Array.isArray(value) ? value.map((e) => element(e, probe.keys ?? ELEMENT_KEYS)) : value);
}

const nameOf = (probe: Probe) => probe.label ?? probe.path;

/** A value in a message: `nothing`, `"text"`, or its JSON (shortened). */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** One PATCH request and how it is judged. */
export interface PatchStep {
  /** How it reads in messages: `add nickName`. */
  label: string;
  /** The operations as the RFC reads what is sent: the local engine applies these. */
  ops: PatchOperation[];
  /** The body on the wire; the RFC encoding of `ops` unless a client's own shape is being tested. */
  body?: unknown;
  probes: Probe[];
}

export interface StepRun {
  before: Rec;
  expected: Rec;
  response: ProbeResponse;
  after: Rec;
}

export type StepResult = { ok: true; run: StepRun } | { ok: false; outcome: CheckOutcome };

/** A PATCH the server refused: its honest "no" (501, or ServiceProviderConfig says no PATCH), else a failure. */
export function refused(ctx: CheckContext, what: string, response: ProbeResponse): CheckOutcome {
  const said = `${what} answered ${describeStatus(response)}`;
  if (ctx.capabilities.patch === false) return unsupported(`${said}; ServiceProviderConfig says patch is not supported.`);
  if (response.status === 501) return unsupported(`${said}.`);
  return fail(`${said}.`);
}

/** Reads (unless `before` is given), computes the RFC's result, PATCHes, and reads back. */
export async function sendStep(ctx: CheckContext, made: Made, step: PatchStep, before?: Rec): Promise<StepResult> {
  if (!before) {
    const read = await readBack(ctx, made);
    if (!read.resource) return { ok: false, outcome: fail(`GET /${made.path} before ${step.label} answered ${describeStatus(read.response)}.`) };
    before = read.resource;
  }
  let expected: Rec;
  try {
    expected = applyPatch(before, step.ops, { lookup: lookupFor(ctx, made.kind) ?? standardAttributeLookup() });
  } catch (error) {
    // The resource as the server keeps it does not allow the step (an email without its type, say): the server's doing, not the PATCH's.
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, outcome: fail(`${step.label} was not sent: the ${made.kind.toLowerCase()} as read back does not allow it (${why}).`) };
  }
  const response = await ctx.send({ method: 'PATCH', path: made.path, body: step.body ?? encodePatch(step.ops, 'rfc') });
  if (!isSuccess(response)) return { ok: false, outcome: refused(ctx, step.label, response) };
  const read = await readBack(ctx, made);
  if (!read.resource) {
    return { ok: false, outcome: fail(`${step.label} answered ${response.status}, then GET /${made.path} answered ${describeStatus(read.response)}.`) };
  }
  return { ok: true, run: { before, expected, response, after: read.resource } };
}

/** pass when the re-read holds what the RFC says; ignored when nothing changed; fail when it changed otherwise. */
export function judgeStep(step: PatchStep, run: StepRun): CheckOutcome {
  const { before, expected, after, response } = run;
  const wrong = step.probes.filter((p) => !same(valueAt(after, p.path), valueAt(expected, p.path), p));
  if (!wrong.length) {
    const answer = resourceIn(response);
    const stale = answer ? step.probes.find((p) => !same(valueAt(answer, p.path), valueAt(expected, p.path), p)) : undefined;
    if (stale) {
      return warn(
        `${step.label}: applied, but the PATCH answer shows ${nameOf(stale)} as ${shownAt(answer, stale)} where a re-read shows ${shownAt(after, stale)}.`,
      );
    }
    return pass(`${step.label}: read back as the RFC says (${step.probes.map((p) => `${nameOf(p)} ${shownAt(after, p)}`).join(', ')}).`);
  }
  const first = wrong[0]!;
  const detail = `${nameOf(first)} reads ${shownAt(after, first)} where the RFC gives ${shownAt(expected, first)}`;
  if (step.probes.every((p) => same(valueAt(after, p.path), valueAt(before, p.path), p))) {
    return ignored(`${step.label}: answered ${response.status}, but nothing changed: ${detail}.`);
  }
  return fail(`${step.label}: ${detail}.`);
}

/** Steps one after another, each starting from what the previous one read back; the worst verdict leads. */
export async function runSteps(ctx: CheckContext, made: Made, steps: readonly PatchStep[]): Promise<CheckOutcome> {
  const outcomes: CheckOutcome[] = [];
  let before: Rec | undefined;
  for (const step of steps) {
    const result = await sendStep(ctx, made, step, before);
    if (!result.ok) {
      outcomes.push(result.outcome);
      before = undefined;
      continue;
    }
    outcomes.push(judgeStep(step, result.run));
    before = result.run.after;
  }
  return worst(outcomes);
}
