import { describe, expect, it } from 'vitest';
import { channels, type Handlers } from '../../shared/contract';
import { dispatch } from './dispatch';

const SEVEN_MB = 'x'.repeat(7 * 1024 * 1024);

/** `{"a":{"a":…}}` nested `depth` levels, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

/** Handlers that fail the test if any is reached: the bound must refuse before a service runs. */
const unreachable = new Proxy({} as Handlers, {
  get: () => () => {
    throw new Error('a handler ran for an out-of-bounds input');
  },
});

describe('dispatch refuses out-of-bounds inputs before parsing (both shells go through it)', () => {
  it('answers invalid_input for scim.create with a resource nested 1,000 levels', async () => {
    const result = await dispatch(
      unreachable,
      'scim.create',
      { connectionId: 'demo', endpoint: '/Users', resource: nested(1000) },
      new AbortController().signal,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('too deeply nested') } });
  });

  it.each(channels)('%s: a 7 MB string is refused as invalid_input', async (channel) => {
    const result = await dispatch(unreachable, channel, { connectionId: SEVEN_MB, id: SEVEN_MB, lastConnectionId: SEVEN_MB }, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
