import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkInputBounds, contract, channels, jsonTextDepth, measureValue, MAX_JSON_DEPTH } from './index';

const SEVEN_MB = 'x'.repeat(7 * 1024 * 1024);

/** Channels whose schemas live in connections.ts, which bounds its own strings in a separate change. */
const BOUNDED_ELSEWHERE = new Set(['connections.create', 'connections.update', 'connections.test']);

interface Node {
  path: string;
  schema: z.ZodType;
}

/** Every string and array schema reachable from `root`, with the path that leads to it. */
function leaves(root: z.ZodType, rootPath: string): { strings: Node[]; arrays: Node[] } {
  const strings: Node[] = [];
  const arrays: Node[] = [];
  const seen = new Set<unknown>();
  const stack: Node[] = [{ path: rootPath, schema: root }];
  while (stack.length > 0) {
    const { path, schema } = stack.pop()!;
    if (seen.has(schema)) continue;
    seen.add(schema);
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    const push = (child: unknown, suffix: string) => stack.push({ path: `${path}${suffix}`, schema: child as z.ZodType });
    switch (def.type) {
      case 'string':
        strings.push({ path, schema });
        break;
      case 'array':
        arrays.push({ path, schema });
        push(def.element, '[]');
        break;
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) push(child, `.${key}`);
        break;
      case 'record':
        push(def.keyType, '{key}');
        push(def.valueType, '{value}');
        break;
      case 'union':
        (def.options as unknown[]).forEach((option, i) => push(option, `|${i}`));
        break;
      case 'lazy':
        push((def.getter as () => unknown)(), '');
        break;
      case 'pipe':
        push(def.in, '');
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        push(def.innerType, '');
        break;
    }
  }
  return { strings, arrays };
}

const boundedChannels = channels.filter((channel) => !BOUNDED_ELSEWHERE.has(channel));

describe('contract input bounds', () => {
  it.each(boundedChannels)('%s: every string field refuses 7 MB', (channel) => {
    const { strings } = leaves(contract[channel].input as z.ZodType, channel);
    const accepted = strings.filter(({ schema }) => schema.safeParse(SEVEN_MB).success).map(({ path }) => path);
    expect(accepted).toEqual([]);
  });

  it.each(boundedChannels)('%s: every array has a maximum length', (channel) => {
    const { arrays } = leaves(contract[channel].input as z.ZodType, channel);
    const unbounded = arrays
      .filter(({ schema }) => {
        const checks = (schema as unknown as { _zod: { def: { checks?: Array<{ _zod: { def: { check: string } } }> } } })._zod.def.checks ?? [];
        return !checks.some((check) => check._zod.def.check === 'max_length');
      })
      .map(({ path }) => path);
    expect(unbounded).toEqual([]);
  });

  it('refuses a 7 MB settings.lastConnectionId in the schema itself', () => {
    expect(contract['settings.update'].input.safeParse({ lastConnectionId: SEVEN_MB }).success).toBe(false);
  });

  it('refuses a 5 MB+ resource and a too-deep PatchOp value in the schema', () => {
    const big = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x'.repeat(5 * 1024 * 1024 + 10) };
    expect(contract['scim.create'].input.safeParse({ connectionId: 'c', endpoint: '/Users', resource: big }).success).toBe(false);
    const value = nested(MAX_JSON_DEPTH + 1);
    expect(
      contract['scim.patch'].input.safeParse({ connectionId: 'c', endpoint: '/Users', id: '1', operations: [{ op: 'add', path: 'x', value }] }).success,
    ).toBe(false);
  });
});

/** `{"a":{"a":…}}` nested `depth` levels, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe('checkInputBounds / measureValue / jsonTextDepth', () => {
  it('accepts ordinary inputs', () => {
    expect(checkInputBounds({ connectionId: 'demo', resource: { name: { givenName: 'A' }, emails: [{ value: 'a@b' }] } })).toBeUndefined();
    expect(checkInputBounds(undefined)).toBeUndefined();
  });

  it('stops on cycles and shared references', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(measureValue(cyclic).tooDeep).toBe(true);
    let shared: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 40; i++) shared = { a: shared, b: shared };
    expect(measureValue(shared).tooBig).toBe(true);
  });

  it('measures JSON text depth outside strings, and stops early past the limit', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonTextDepth('"\\"[[["')).toBe(0);
    expect(jsonTextDepth('['.repeat(20_000) + ']'.repeat(20_000), 64)).toBe(65);
    expect(jsonTextDepth('[]')).toBe(1);
  });
});

describe('nestsDeeperThan', () => {
  it('is false at the limit and true one past it, for objects and arrays alike', async () => {
    const { nestsDeeperThan } = await import('./bounds');
    const nested = (levels: number, kind: 'object' | 'array') => {
      let value: unknown = 'leaf';
      for (let i = 0; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
      return value;
    };
    for (const kind of ['object', 'array'] as const) {
      expect(nestsDeeperThan(nested(64, kind), 64)).toBe(false);
      expect(nestsDeeperThan(nested(65, kind), 64)).toBe(true);
    }
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
  });

  it('handles what JSON.parse gives for 20,000 levels without recursion', async () => {
    const { nestsDeeperThan } = await import('./bounds');
    const value = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(nestsDeeperThan(value, 64)).toBe(true);
  });
});
