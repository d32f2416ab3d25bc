import { deref, type OpenApiDocument } from '../openapi/document.js';
import type { OperationSpec } from '../openapi/operations.js';
import { escapePointer } from '../schema/sample-values.js';
import type { CollectionAction, CollectionPlan } from './plan-types.js';
import type { PlanProblem } from './session-plan.js';
import { documentedExample, isObjectValue, jsonSchemaOf, propertiesOf, rawJsonSchemaOf, resolveSchema, sampleOf, type JsonSchema } from './spec-reading.js';

export const COLLECTION_EXTENSION = 'x-authkit-collection';

export interface FoundCollection {
  plan: CollectionPlan;
  entitySchema: unknown;
  /** The operations it answers, with what each does. */
  operations: Array<{ operation: OperationSpec; action: CollectionAction }>;
}

const ITEM_ACTIONS: Record<string, CollectionAction> = { get: 'read', put: 'replace', patch: 'update', delete: 'delete' };

/**
 * Collections by convention: `POST /things` creates, `GET /things` lists, and
 * `GET|PUT|PATCH|DELETE /things/{id}` read, replace, update and delete. A path is one
 * when the spec marks it (`x-authkit-collection: true` on `/things`) or when the API's
 * config turns collections on for every path that fits (`false` then leaves one out).
 */
export function readCollections(document: OpenApiDocument, operations: OperationSpec[], everyFittingPath: boolean): { collections: FoundCollection[]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const collections: FoundCollection[] = [];
  const byPath = new Map<string, OperationSpec[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  for (const [path, own] of byPath) {
    if (/\}\/?$/.test(path)) continue;
    const mark = deref(document, document.paths?.[path])?.[COLLECTION_EXTENSION];
    const pointer = `#/paths/${escapePointer(path)}/${COLLECTION_EXTENSION}`;
    if (mark !== undefined && typeof mark !== 'boolean') {
      problems.push({ pointer, message: `${JSON.stringify(mark)} is not true or false` });
      continue;
    }
    if (!(mark ?? everyFittingPath)) continue;
    const itemPath = [...byPath.keys()].find((candidate) => candidate.startsWith(`${path.replace(/\/$/, '')}/{`) && /^\{[^}/]+\}\/?$/.test(candidate.slice(path.replace(/\/$/, '').length + 1)));
    // By the config alone, only a path with items of its own is a collection: `POST
    // /payments/{id}/confirm` or `POST /coupons/validate` are actions, not collections.
    if (mark === undefined && !itemPath) continue;
    const items = itemPath ? byPath.get(itemPath)! : [];
    const found = collectionOf(document, path, itemPath, own, items);
    if (typeof found === 'string') {
      if (mark === true) problems.push({ pointer, message: found });
      continue;
    }
    collections.push({ ...found, plan: found.plan });
  }
  return { collections, problems };
}

function collectionOf(document: OpenApiDocument, path: string, itemPath: string | undefined, own: OperationSpec[], items: OperationSpec[]): Omit<FoundCollection, never> | string {
  const create = own.find((operation) => operation.method === 'post');
  const list = own.find((operation) => operation.method === 'get');
  const read = items.find((operation) => operation.method === 'get');
  if (!create && !list) return `${path} has neither POST (create) nor GET (list)`;
  const success = (operation: OperationSpec | undefined) => operation?.responses.filter((response) => /^2\d\d$/.test(response.key)).sort((a, b) => a.key.localeCompare(b.key))[0];
  const listSchema = jsonSchemaOf(document, success(list)?.content);
  const listArray = listSchema?.type === 'array' ? listSchema : Object.values(propertiesOf(document, listSchema)).find((property) => property.type === 'array');
  const entitySchema = rawJsonSchemaOf(success(read)?.content) ?? rawJsonSchemaOf(success(create)?.content) ?? listArray?.items;
  const entity = resolveSchema(document, entitySchema);
  if (!entity?.properties) return `${path}: no documented entity (an object answered by GET ${itemPath ?? `${path}/{id}`} or POST ${path})`;
  const properties = propertiesOf(document, entity);
  const idParam = itemPath ? /\{([^}]+)\}\/?$/.exec(itemPath)![1] : undefined;
  const idProperty = (idParam && properties[idParam] ? idParam : undefined) ?? (properties.id ? 'id' : Object.keys(properties).find((name) => /(^|_)id$|[a-z]Id$/.test(name)));
  if (!idProperty) return `${path}: its entity has no id property (\`id\`, or one named like the path parameter)`;
  const idSchema = properties[idProperty]!;
  const idKind = idSchema.format === 'uuid' ? 'uuid' : idSchema.type === 'integer' ? 'integer' : 'string';
  const template = sampleOf(document, entitySchema);
  // Only what the spec's examples list: a sample made up from the schema is nobody's entity.
  const listed = documentedExample(document, success(list));
  const seedItems = Array.isArray(listed) ? listed : isObjectValue(listed) ? Object.values(listed).find(Array.isArray) ?? [] : [];
  const single = documentedExample(document, success(read));
  const seed = [...seedItems, ...(seedItems.length === 0 && isObjectValue(single) ? [single] : [])].filter((item): item is Record<string, unknown> => isObjectValue(item) && item[idProperty] !== undefined);
  const operations: FoundCollection['operations'] = [
    ...(create ? [{ operation: create, action: 'create' as const }] : []),
    ...(list ? [{ operation: list, action: 'list' as const }] : []),
    ...items.filter((operation) => ITEM_ACTIONS[operation.method]).map((operation) => ({ operation, action: ITEM_ACTIONS[operation.method]! })),
  ];
  return {
    plan: { path, itemPath, idProperty, idParam, idKind, timestamps: timestampsOf(properties), template: isObjectValue(template) ? template : {}, fields: Object.keys(properties).filter((name) => properties[name]!.writeOnly !== true), seed },
    entitySchema,
    operations,
  };
}

function timestampsOf(properties: Record<string, JsonSchema>): CollectionPlan['timestamps'] {
  const dates = Object.keys(properties).filter((name) => properties[name]!.format === 'date-time');
  return { created: dates.find((name) => /created/i.test(name)), updated: dates.find((name) => /updated|modified/i.test(name)) };
}
