import type { IHttpOperation } from '@stoplight/types';
import { fieldErrorShape, fillFieldErrors, violationOf, type FieldErrorShape, type FieldViolation } from '../../schema/field-errors.js';

interface PrismDiagnostic {
  path?: string[];
  code?: string | number;
  message: string;
  severity: number;
}

const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie']);
const NO_SHAPE = Symbol('no field-error shape');

/**
 * Field errors in the engine's 422 (400): Prism answers a request it rejects with the
 * documented example, whatever field was wrong; here that example's list of field errors
 * is made from Prism's own findings instead, with the same rules the MSW handlers use.
 */
export function createFieldErrorFiller() {
  const shapes = new WeakMap<object, FieldErrorShape | typeof NO_SHAPE>();
  const shapeOf = (schema: unknown): FieldErrorShape | undefined => {
    if (!schema || typeof schema !== 'object') return undefined;
    let shape = shapes.get(schema);
    if (shape === undefined) {
      // Prism's operations hold their schemas dereferenced: nothing left to resolve.
      shape = fieldErrorShape(schema, (node) => node) ?? NO_SHAPE;
      shapes.set(schema, shape);
    }
    return shape === NO_SHAPE ? undefined : shape;
  };

  /** The body with the request's violations as its field errors (one `accepts`), or undefined to keep the documented one. */
  return (operation: IHttpOperation, status: number, contentType: string | undefined, body: unknown, diagnostics: PrismDiagnostic[], accepts: (body: unknown) => boolean): unknown => {
    if (status !== 422 && status !== 400) return undefined;
    const response = operation.responses.find((candidate) => candidate.code === String(status));
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    const content = response?.contents?.find((candidate) => candidate.mediaType.toLowerCase() === mediaType);
    const shape = shapeOf(content?.schema);
    if (!shape) return undefined;
    const violations = diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((diagnostic) => prismViolation(operation, diagnostic)).filter((violation): violation is FieldViolation => violation !== undefined);
    return fillFieldErrors(body, shape, violations, accepts);
  };
}

/**
 * One of Prism's findings as a violation. Prism says where (`['body', 'email']`,
 * `['path', 'sessionid']`: parameter names lowercased) and words the message
 * `Request body property email must match format "email"`; a missing or unexpected
 * property is named only in the message. Its findings without a place (a missing body)
 * name no field.
 */
export function prismViolation(operation: IHttpOperation, diagnostic: PrismDiagnostic): FieldViolation | undefined {
  const [where, ...rest] = diagnostic.path ?? [];
  if (where === undefined || !LOCATIONS.has(where)) return undefined;
  const location = where as FieldViolation['in'];
  const keyword = String(diagnostic.code ?? '');
  const prefix = `Request ${where} ${rest.length > 0 ? `${where === 'body' ? 'property' : 'parameter'} ${rest.join('.')} ` : ''}`;
  const message = diagnostic.message.startsWith(prefix) ? diagnostic.message.slice(prefix.length) : diagnostic.message;
  const named = (pattern: RegExp) => pattern.exec(message)?.[1];
  const violation = violationOf(location, rest, keyword, message, {
    missingProperty: named(/must have required property '(.+)'$/),
    additionalProperty: named(/; found '(.+)'$/),
    unevaluatedProperty: named(/: '(.+)'$/),
  });
  if (location === 'body' || violation.path.length === 0) return violation;
  // A parameter by the name the spec gives it (Prism reads them lowercased).
  const first = String(violation.path[0]);
  const documented = [...parametersIn(operation, location)].find((name) => name === first) ?? [...parametersIn(operation, location)].find((name) => name.toLowerCase() === first.toLowerCase());
  return documented === undefined ? violation : { ...violation, path: [documented, ...violation.path.slice(1)] };
}

function parametersIn(operation: IHttpOperation, location: string): string[] {
  const request = operation.request as Record<string, Array<{ name: string }> | undefined> | undefined;
  const key = location === 'header' ? 'headers' : location === 'cookie' ? 'cookie' : location;
  return (request?.[key] ?? []).map((parameter) => parameter.name);
}
