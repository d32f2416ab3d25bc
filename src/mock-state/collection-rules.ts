import { notFound, success, timestamp, type StateDecision, type StateRequest } from './decision.js';
import type { CollectionPlan, OperationPlan } from './plan-types.js';
import type { MockState } from './state-store.js';

/**
 * A collection as a plain backend keeps one: create stores the request body merged over
 * the documented entity, with a fresh id (and its timestamps); list answers every entity,
 * newest first; read, replace, update and delete find the entity by the path's id, and
 * an unknown id is the documented 404.
 */
export function collectionDecision(collection: CollectionPlan, state: MockState, operation: OperationPlan, request: StateRequest): StateDecision {
  // `/users/{userId}/repos` is one collection per user: kept by the path as requested.
  const instance = collection.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(request.pathParams[name] ?? ''));
  const entities = state.collection(instance, collection);
  // Of the body, only what the entity documents, never a writeOnly field (a password).
  const sent = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
  const body = Object.fromEntries(Object.entries(sent).filter(([name]) => collection.fields.includes(name)));
  const now = timestamp(state.now());
  const stamp = (entity: Record<string, unknown>, created: boolean) => {
    if (created && collection.timestamps.created) entity[collection.timestamps.created] = now;
    if (collection.timestamps.updated) entity[collection.timestamps.updated] = now;
    return entity;
  };
  switch (operation.collection!.action) {
    case 'create': {
      const id = mintId(collection, state, instance);
      const entity = stamp({ ...collection.template, ...body, [collection.idProperty]: id }, true);
      state.putEntity(instance, String(id), entity);
      return success(operation, { entity });
    }
    case 'list': {
      const all = [...entities.values()].reverse();
      return success(operation, { entities: all, count: all.length });
    }
    default: {
      const id = collection.idParam ? request.pathParams[collection.idParam] : request.pathParams[operation.pathParams.at(-1) ?? ''];
      const stored = id === undefined ? undefined : entities.get(id);
      if (!stored || id === undefined) return notFound(operation, `${collection.path} ${id}`);
      const action = operation.collection!.action;
      if (action === 'read') return success(operation, { entity: stored });
      if (action === 'delete') {
        entities.delete(id);
        return success(operation);
      }
      const base = action === 'update' ? stored : { ...collection.template, ...(collection.timestamps.created ? { [collection.timestamps.created]: stored[collection.timestamps.created] } : {}) };
      const entity = stamp({ ...base, ...body, [collection.idProperty]: stored[collection.idProperty] }, false);
      state.putEntity(instance, id, entity);
      return success(operation, { entity });
    }
  }
}

function mintId(collection: CollectionPlan, state: MockState, instance: string): string | number {
  if (collection.idKind === 'integer') return state.integerId(instance);
  return state.uuid();
}
