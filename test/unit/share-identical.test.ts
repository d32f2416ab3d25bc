import { describe, expect, it } from 'vitest';
import { shareIdenticalNodes } from '../../src/mock/engine/share-identical.js';

const envelope = () => ({ type: 'object', required: ['code'], properties: { code: { type: 'integer' } } });

describe('identical parts of a parsed spec become one object', () => {
  it('the same schema in two operations is one object afterwards; a different one is not', () => {
    const operations = shareIdenticalNodes([
      { id: 'a', responses: [{ schema: { ...envelope(), 'x-stoplight': { id: '1' } } }, { schema: { type: 'string' } }] },
      { id: 'b', responses: [{ schema: { ...envelope(), 'x-stoplight': { id: '2' } } }, { schema: { type: 'string', format: 'uuid' } }] },
    ]);
    expect(operations[0]!.responses[0]!.schema).toBe(operations[1]!.responses[0]!.schema);
    expect(operations[0]!.responses[1]!.schema).not.toBe(operations[1]!.responses[1]!.schema);
    expect(operations[1]!.responses[1]!.schema).toEqual({ type: 'string', format: 'uuid' });
    // The operations themselves differ (their ids), so they stay two.
    expect(operations[0]).not.toBe(operations[1]);
    expect(operations.map((operation) => operation.id)).toEqual(['a', 'b']);
  });

  it('a property named like a keyword is content, not noise: `{ id: A }` and `{ id: B }` stay apart', () => {
    const [first, second] = shareIdenticalNodes([{ properties: { id: { type: 'string' } } }, { properties: { id: { type: 'integer' } } }]);
    expect(first!.properties).not.toBe(second!.properties);
  });

  it('a recursive schema keeps its cycle, and its acyclic parts are still shared', () => {
    const tree: Record<string, unknown> = { type: 'object', properties: { label: { type: 'string' } } };
    (tree.properties as Record<string, unknown>).children = { type: 'array', items: tree };
    const other = { type: 'string' };
    const [shared, label] = shareIdenticalNodes([tree, other]);
    const properties = (shared as typeof tree).properties as Record<string, { items?: unknown }>;
    expect(properties.children!.items).toBe(shared);
    expect(properties.label).toBe(label);
  });
});
