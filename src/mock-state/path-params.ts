/** An OpenAPI path template (`/sessions/{sessionId}`) as a regular expression, with its parameters' names in order. */
export interface CompiledTemplate {
  pattern: RegExp;
  names: string[];
}

/** Compiles a path template: each `{name}` matches one segment, the rest literally; a trailing slash is allowed. */
export function compilePathTemplate(template: string): CompiledTemplate {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? (names.push(part.slice(1, -1)), '([^/]+)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** The parameters of a match, by name, decoded. */
export function paramsOf(template: CompiledTemplate, found: RegExpExecArray): Record<string, string> {
  return Object.fromEntries(template.names.map((name, index) => [name, safeDecode(found[index + 1]!)]));
}

const compiled = new Map<string, CompiledTemplate>();

/** A request path's parameters by the names its template gives them (`/sessions/9b2e…` → `{ sessionId: '9b2e…' }`); each template is compiled once. */
export function pathParamsFrom(template: string, path: string): Record<string, string> {
  let entry = compiled.get(template);
  if (!entry) {
    entry = compilePathTemplate(template);
    compiled.set(template, entry);
  }
  const found = entry.pattern.exec(path);
  return found ? paramsOf(entry, found) : {};
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
