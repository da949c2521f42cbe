import type { AppErrorData } from './errors';

/**
 * Bounds on nesting and size, for what crosses the contract and what servers answer. Both the JSON
 * parser and the serialiser recurse, so a hostile depth (20,000 levels) overflows the stack; these
 * checks are iterative and run before any recursive code sees the value.
 */

/** No SCIM resource, PatchOp or Bulk request needs more; a real one rarely exceeds 6. */
export const MAX_JSON_DEPTH = 64;
/** Serialized size of a resource, a PatchOp value or a Bulk operation's data. */
export const MAX_JSON_BYTES = 5 * 1024 * 1024;
/** The whole input of one call: room for a 5 MB body plus the fields around it. */
export const MAX_INPUT_BYTES = 6 * 1024 * 1024;

/**
 * The deepest bracket nesting in JSON text, counting `{` and `[` outside strings. Stops scanning as
 * soon as `limit` is exceeded and returns limit + 1, so a huge hostile body costs little.
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Whether a parsed value nests deeper than `limit` ({} or [] is one level). Iterative, and cheap: it
 * visits each object once without allocating per key, so it can run on every page a server sends
 * (V8's JSON.parse is itself iterative; the recursion to guard against comes after it: serialising,
 * cloning over IPC, walking for redaction).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: unknown[] = [value];
  const levels: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    const level = levels.pop()!;
    if (level > limit) return true;
    if (Array.isArray(node)) {
      for (const item of node) {
        if (typeof item === 'object' && item !== null) {
          stack.push(item);
          levels.push(level + 1);
        }
      }
    } else {
      for (const key in node) {
        const item = node[key];
        if (typeof item === 'object' && item !== null) {
          stack.push(item);
          levels.push(level + 1);
        }
      }
    }
  }
  return false;
}

export interface ValueMeasure {
  /** Nesting depth: a scalar is 0, `{}` or `[]` is 1. Stops counting past the depth limit. */
  depth: number;
  /** Roughly the JSON-serialized size (strings and keys by length); stops counting past the byte limit. */
  bytes: number;
  tooDeep: boolean;
  tooBig: boolean;
}

/**
 * Measures a value iteratively, stopping at the first bound crossed. Cycles and shared references
 * (possible over structured clone) cannot loop forever: a cycle deepens until the depth bound, and
 * every node visited adds to the byte count.
 */
export function measureValue(value: unknown, maxDepth = MAX_JSON_DEPTH, maxBytes = MAX_INPUT_BYTES): ValueMeasure {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let depth = 0;
  let bytes = 0;
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (typeof node === 'string') bytes += node.length + 2;
    else if (typeof node === 'object' && node !== null) {
      const here = level + 1;
      if (here > depth) depth = here;
      if (depth > maxDepth) return { depth, bytes, tooDeep: true, tooBig: false };
      bytes += 2;
      if (Array.isArray(node)) {
        for (const item of node) {
          bytes += 1;
          stack.push([item, here]);
        }
      } else {
        for (const [key, item] of Object.entries(node)) {
          bytes += key.length + 4;
          stack.push([item, here]);
        }
      }
    } else bytes += 8;
    if (bytes > maxBytes) return { depth, bytes, tooDeep: false, tooBig: true };
  }
  return { depth, bytes, tooDeep: false, tooBig: false };
}

/** For zod refinements: a resource or free-form value within the depth and serialized-size bounds. */
export function withinJsonBounds(value: unknown): boolean {
  const measure = measureValue(value, MAX_JSON_DEPTH, MAX_JSON_BYTES);
  return !measure.tooDeep && !measure.tooBig;
}

/**
 * The generic check every channel's raw input passes before its schema parses it: too deep or too
 * big is refused as `invalid_input`, whatever the channel. Undefined when the input is within bounds.
 */
export function checkInputBounds(rawInput: unknown): AppErrorData | undefined {
  const measure = measureValue(rawInput, MAX_JSON_DEPTH, MAX_INPUT_BYTES);
  if (measure.tooDeep) return { code: 'invalid_input', message: `The input is too deeply nested (over ${MAX_JSON_DEPTH} levels).` };
  if (measure.tooBig) return { code: 'invalid_input', message: `The input is too large (over ${MAX_INPUT_BYTES / 1024 / 1024} MB).` };
  return undefined;
}
