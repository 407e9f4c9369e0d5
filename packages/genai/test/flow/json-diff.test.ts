import { diffAgainstSchema, diffJson } from '../../src/flow/json-diff';

describe('diffJson', () => {
  it('finds nothing between equal values', () => {
    expect(diffJson({ a: [1, { b: NaN }], c: 0 }, { a: [1, { b: NaN }], c: -0 })).toEqual({ entries: [], omitted: 0 });
  });

  it('reports added, removed and changed paths', () => {
    const expected = { city: 'Lisbon', days: 3, tags: ['sun', 'food'], hotel: { name: 'A' } };
    const actual = { city: 'Porto', tags: ['sun'], hotel: { name: 'A', stars: 4 }, 'odd key': true };
    expect(diffJson(expected, actual).entries).toEqual([
      { op: 'changed', path: '$.city', expected: 'Lisbon', actual: 'Porto' },
      { op: 'removed', path: '$.days', expected: 3 },
      { op: 'removed', path: '$.tags[1]', expected: 'food' },
      { op: 'added', path: '$.hotel.stars', actual: 4 },
      { op: 'added', path: '$["odd key"]', actual: true },
    ]);
  });

  it('summarizes containers and cuts long strings when types differ', () => {
    expect(diffJson({ a: [1, 2] }, { a: { x: 1 } }).entries).toEqual([{ op: 'changed', path: '$.a', expected: 'array(2)', actual: 'object' }]);
    const long = 'z'.repeat(200);
    const [entry] = diffJson('short', long).entries;
    expect((entry.actual as string).length).toBe(64);
  });

  it('keeps the first entries and counts the rest', () => {
    const diff = diffJson([], new Array(30).fill(1), 20);
    expect(diff.entries).toHaveLength(20);
    expect(diff.omitted).toBe(10);
  });

  it('stops at a throwing getter without throwing', () => {
    const actual = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(() => diffJson({ x: 1 }, actual)).not.toThrow();
  });
});

describe('diffAgainstSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      mode: { enum: ['train', 'plane'] },
      stops: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      version: { const: 2 },
    },
    required: ['city', 'days'],
    additionalProperties: false,
  };

  it('accepts a conforming value', () => {
    expect(diffAgainstSchema(schema, { city: 'Lisbon', days: 3, mode: 'train', stops: [{ name: 'A' }], version: 2 }).entries).toEqual([]);
  });

  it('reports missing required members, forbidden extras, wrong types, enum and const mismatches', () => {
    const actual = { days: 2.5, mode: 'car', stops: [{ name: 'A' }, {}], version: 1, price: '12' };
    expect(diffAgainstSchema(schema, actual).entries).toEqual([
      { op: 'removed', path: '$.city', expected: 'string' },
      { op: 'changed', path: '$.days', expected: 'integer', actual: 2.5 },
      { op: 'changed', path: '$.mode', expected: 'one of ["train","plane"]', actual: 'car' },
      { op: 'removed', path: '$.stops[1].name', expected: 'string' },
      { op: 'changed', path: '$.version', expected: 2, actual: 1 },
      { op: 'added', path: '$.price', actual: '12' },
    ]);
  });

  it('reports a wrong root type once', () => {
    expect(diffAgainstSchema(schema, 'not json').entries).toEqual([{ op: 'changed', path: '$', expected: 'object', actual: 'not json' }]);
    expect(diffAgainstSchema({ type: ['string', 'null'] }, null).entries).toEqual([]);
  });

  it('ignores keywords it does not check and schemas that are not objects', () => {
    expect(diffAgainstSchema({ anyOf: [{ type: 'string' }] }, 5).entries).toEqual([]);
    expect(diffAgainstSchema('TripPlan', 5).entries).toEqual([]);
  });
});
