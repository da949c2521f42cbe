import { describe, expect, it } from 'vitest';
import type { Quirk } from '../../../shared/contract';
import { normalizeSchema } from './discovery';

describe('normalizeSchema', () => {
  it('reads attribute values in any case as the RFC spells them', () => {
    const quirks: Quirk[] = [];
    const schema = normalizeSchema(
      {
        id: 'urn:x',
        attributes: [
          {
            Name: 'when',
            type: 'DATETIME',
            mutability: 'ReadOnly',
            returned: 'Always',
            uniqueness: 'SERVER ',
            subAttributes: [{ name: 'ref', type: 'Reference' }],
          },
        ],
      },
      (q) => quirks.push(q),
    );
    expect(schema.attributes[0]).toMatchObject({ name: 'when', type: 'dateTime', mutability: 'readOnly', returned: 'always', uniqueness: 'server' });
    expect(schema.attributes[0]!.subAttributes![0]).toMatchObject({
      name: 'ref',
      type: 'reference',
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    });
    expect(quirks.map((q) => q.code)).toEqual(['discovery.schema-key-spelling']);
  });

  it('reads a value the RFC does not define as the default, and says so', () => {
    const quirks: Quirk[] = [];
    const schema = normalizeSchema({ id: 'urn:x', attributes: [{ name: 'tag', type: 'uuid', mutability: 'sometimes' }] }, (q) => quirks.push(q));
    expect(schema.attributes[0]).toMatchObject({ type: 'string', mutability: 'readWrite' });
    expect(quirks.map((q) => q.message)).toEqual([
      'A schema attribute\'s type is "uuid", which RFC 7643 does not define; it is read as "string".',
      'A schema attribute\'s mutability is "sometimes", which RFC 7643 does not define; it is read as "readWrite".',
    ]);
  });
});
