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
    const [first, second] = shareIdenticalNodes([{ schema: { properties: { id: { type: 'string' } } } }, { schema: { properties: { id: { type: 'integer' } } } }]);
    expect(first!.schema).not.toBe(second!.schema);
  });

  it('never merges the parts of a schema: a sampler that meets the same object below itself takes it for a recursion', () => {
    const [operation] = shareIdenticalNodes([{ schema: { properties: { current: { type: 'object', properties: { id: { type: 'string' } } }, next: { type: 'object', properties: { id: { type: 'string' } } } } } }]);
    const properties = operation!.schema.properties;
    expect(properties.current).toEqual(properties.next);
    expect(properties.current).not.toBe(properties.next);
  });

  it('a recursive schema keeps its cycle and is not shared', () => {
    const tree = (): Record<string, unknown> => {
      const node: Record<string, unknown> = { type: 'object', properties: { label: { type: 'string' } } };
      (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
      return node;
    };
    const [first, second] = shareIdenticalNodes([{ schema: tree() }, { schema: tree() }]);
    expect(first!.schema).not.toBe(second!.schema);
    const properties = first!.schema.properties as Record<string, { items?: unknown }>;
    expect(properties.children!.items).toBe(first!.schema);
  });
});
