import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { BaseResolver, isAbsoluteUrl, type Config, type Document, type Source } from './redocly.js';
import { parseJsonText } from './json-positions.js';
import { checkOpenApiVersion, type OpenApiVersion } from './openapi-version.js';
import { fromRedoclyThrow } from './redocly-errors.js';

/** Where a spec's $refs may lead. */
export interface RefPolicy {
  /** Local $refs must stay inside this folder (the project's root). */
  rootDir: string;
  /** Whether http(s) $refs may be fetched at all. */
  allowRemote: boolean;
}

/**
 * Refuses, before any read or connection, a $ref that leaves the project: a URL (a spec
 * file is not a licence to make the toolkit fetch http://169.254.169.254/…) unless
 * allowed, and a local file outside the root, which would otherwise be copied into the
 * bundle and served by the mock. The refusal reaches the user as Redocly's
 * `no-unresolved-refs` problem, at the $ref's file and line.
 */
class GuardedResolver extends BaseResolver {
  constructor(
    config: Config['resolve'],
    private readonly policy: RefPolicy,
  ) {
    super(config);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (isAbsoluteUrl(absoluteRef)) {
      if (!this.policy.allowRemote) throw new Error('remote $refs are not fetched: pass --allow-remote-refs, or set `x-authkit: { allowRemoteRefs: true }` in redocly.yaml, to allow them');
    } else if (!isInside(absoluteRef, this.policy.rootDir)) {
      throw new Error(`${absoluteRef} is outside the project root ${this.policy.rootDir}; $refs must stay inside it`);
    }
    return super.loadExternalRef(absoluteRef);
  }

  /**
   * A `.json` file is read with JSON.parse (after a scan that refuses what YAML would:
   * a repeated key) instead of Redocly's YAML parser, three times faster on a large
   * spec and the same value; anything else, or a JSON file that fails that, is parsed
   * by Redocly as before, with its errors.
   */
  override parseDocument(source: Source, isRoot?: boolean): Document {
    if (/\.json$/i.test(source.absoluteRef)) {
      const json = parseJsonText(source.body);
      if (json) return { source, parsed: json.value };
    }
    return super.parseDocument(source, isRoot);
  }
}

/** Inside `dir` once symlinks are followed, so a link cannot lead out either. */
function isInside(file: string, dir: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path); // a missing file is reported as missing, wherever it is
    }
  };
  const rel = relative(real(dir), real(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * One resolver per run of a spec. It caches every file it reads and parses, so the
 * version check, lint and bundle share one read and one parse of each file.
 */
export function createSpecResolver(config: Config, policy: RefPolicy): BaseResolver {
  return new GuardedResolver(config.resolve, policy);
}

/** The policy for a root file with no project around it: its own folder. */
export function policyForLoneSpec(spec: string): RefPolicy {
  return { rootDir: dirname(resolve(spec)), allowRemote: false };
}

export interface RootDocument {
  file: string;
  version: OpenApiVersion;
  parsed: Record<string, unknown>;
}

/**
 * Reads the root file through the resolver (its cache makes later calls free) and
 * checks that it is OpenAPI 3.x. A file that cannot be read or parsed, or is another
 * kind of document, throws a SpecError naming the file and line.
 */
export async function readRootDocument(spec: string, resolver: BaseResolver): Promise<RootDocument> {
  const file = resolve(spec);
  let document: Awaited<ReturnType<BaseResolver['resolveDocument']>>;
  try {
    document = await resolver.resolveDocument(null, file, true);
  } catch (error) {
    throw fromRedoclyThrow(error, file);
  }
  if (document instanceof Error) throw fromRedoclyThrow(document, file);
  const version = checkOpenApiVersion({ file, text: document.source.body, parsed: document.parsed });
  return { file, version, parsed: document.parsed as Record<string, unknown> };
}
