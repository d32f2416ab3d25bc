import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from './usage-error.js';

// Redocly's own names for its config file, in the order it looks for them.
const CONFIG_NAMES = ['redocly.yaml', 'redocly.yml', '.redocly.yaml', '.redocly.yml'];
export const DEFAULT_BUNDLE_FILE = 'openapi.json';
export const DEFAULT_TYPES_FILE = 'api-types.ts';
/** The zod schemas, beside the types (`x-authkit.zod`). */
export const SCHEMAS_FILE_NAME = 'schemas.ts';

/** One API the command works on, with every path absolute. */
export interface ApiTarget {
  /** Its name under `apis:` in the config; undefined for a bare `--spec`. */
  name: string | undefined;
  root: string;
  /** The config whose rules lint it; undefined means Redocly's `recommended`. */
  configFile: string | undefined;
  /** Where generated files go; undefined when neither the config nor `--out` says. */
  outDir: string | undefined;
  bundleFile: string;
  typesFile: string;
  /** Where the zod schemas go, beside the types, when the config turns them on (`x-authkit.zod`, on the entry or at the root); else undefined. */
  schemasFile?: string;
  /** The folder its local $refs must stay in: the config's, or the spec's own when the spec lies outside it. */
  projectRoot: string;
  /** Whether http(s) $refs may be fetched (`--allow-remote-refs`, or `x-authkit.allowRemoteRefs`). */
  allowRemoteRefs: boolean;
  /** Whether the mock keeps every path that fits the convention as a collection (`x-authkit.collections`, on the entry or at the root). */
  collections: boolean;
  /** The API's Arazzo files, when its entry names them (`x-authkit.flows`); else they are found beside the spec. */
  flowFiles?: string[];
  /**
   * Field-error shapes the mock cannot recognise, mapped by the schema's JSON pointer in the
   * bundle (`x-authkit.fieldErrors`): put on those schemas as `x-authkit-field-errors` when the spec is loaded.
   */
  fieldErrors?: Record<string, Record<string, unknown>>;
}

export interface TargetFlags {
  spec?: string;
  api?: string;
  config?: string;
  out?: string;
  allowRemoteRefs?: boolean;
}

interface ApiEntry {
  root?: unknown;
  output?: unknown;
  'x-openapi-ts'?: { output?: unknown };
  'x-authkit'?: { collections?: unknown; flows?: unknown; fieldErrors?: unknown; zod?: unknown };
}

/** `x-authkit.fieldErrors`: schema pointers (`#/components/schemas/X`) to shapes with at least `list` and `location`. */
function fieldErrorsOf(value: unknown, where: string): Record<string, Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where} maps schema pointers to field-error shapes, such as '#/components/schemas/Problems': { list: problems, location: where, style: name }.`);
  for (const [pointer, shape] of Object.entries(value)) {
    if (!pointer.startsWith('#/')) throw new UsageError(`${where}: "${pointer}" is not a JSON pointer into the spec (it starts with #/).`);
    const given = shape as Record<string, unknown> | null;
    if (!given || typeof given !== 'object' || typeof given.list !== 'string' || typeof given.location !== 'string') throw new UsageError(`${where}: "${pointer}" needs \`list\` and \`location\` (property names).`);
    if (given.style !== undefined && !['segments', 'pointer', 'name'].includes(String(given.style))) throw new UsageError(`${where}: "${pointer}": \`style\` is segments, pointer or name, not ${JSON.stringify(given.style)}.`);
  }
  return value as Record<string, Record<string, unknown>>;
}

/** The nearest Redocly config in `cwd` or a folder above it. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

interface ProjectConfig {
  apis: Record<string, ApiEntry>;
  allowRemoteRefs: boolean;
  collections: boolean;
  zod: boolean;
}

/** The file beside the types the zod schemas go to. */
function schemasFileOf(typesFile: string): string {
  const folder = dirname(typesFile);
  return folder === '.' ? SCHEMAS_FILE_NAME : join(folder, SCHEMAS_FILE_NAME);
}

function readConfig(configFile: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as Error).message.split('\n')[0] ?? 'unreadable');
    throw new UsageError(`${configFile}: cannot read the config: ${reason}`);
  }
  const own = (raw as { 'x-authkit'?: { allowRemoteRefs?: unknown; collections?: unknown; zod?: unknown } } | null)?.['x-authkit'];
  if (own?.allowRemoteRefs !== undefined && typeof own.allowRemoteRefs !== 'boolean') throw new UsageError(`${configFile}: \`x-authkit.allowRemoteRefs\` must be true or false.`);
  if (own?.collections !== undefined && typeof own.collections !== 'boolean') throw new UsageError(`${configFile}: \`x-authkit.collections\` must be true or false.`);
  if (own?.zod !== undefined && typeof own.zod !== 'boolean') throw new UsageError(`${configFile}: \`x-authkit.zod\` must be true or false.`);
  const allowRemoteRefs = own?.allowRemoteRefs === true;
  const collections = own?.collections === true;
  const zod = own?.zod === true;
  const apis = (raw as { apis?: unknown } | null)?.apis;
  if (apis === undefined || apis === null) return { apis: {}, allowRemoteRefs, collections, zod };
  if (typeof apis !== 'object' || Array.isArray(apis)) throw new UsageError(`${configFile}: \`apis\` must be a map of API names to entries.`);
  return { apis: apis as Record<string, ApiEntry>, allowRemoteRefs, collections, zod };
}

/** The config's folder when the spec lies inside it, else the spec's own folder. */
function projectRootFor(root: string, configFile: string | undefined): string {
  const configDir = configFile ? dirname(configFile) : undefined;
  const rel = configDir ? relative(configDir, root) : '..';
  return configDir && !rel.startsWith('..') && !isAbsolute(rel) ? configDir : dirname(root);
}

/**
 * The output folder and file names of an entry. `output` is Redocly's own key (where
 * `redocly bundle` writes) and `x-openapi-ts.output` openapi-typescript's (where its
 * CLI writes the types), so both tools agree with ours on the same config file.
 */
function outputsOf(name: string, entry: ApiEntry, configFile: string): Pick<ApiTarget, 'outDir' | 'bundleFile' | 'typesFile'> {
  const base = dirname(configFile);
  const bundle = typeof entry.output === 'string' ? resolve(base, entry.output) : undefined;
  const typesValue = entry['x-openapi-ts']?.output;
  const types = typeof typesValue === 'string' ? resolve(base, typesValue) : undefined;
  if (bundle && types && dirname(bundle) !== dirname(types)) {
    throw new UsageError(`${configFile}: apis.${name}: \`output\` (${entry.output}) and \`x-openapi-ts.output\` (${typesValue}) must be in the same folder: it is written as one set.`);
  }
  const outDir = bundle ? dirname(bundle) : types ? dirname(types) : undefined;
  return { outDir, bundleFile: bundle ? relative(outDir!, bundle) : DEFAULT_BUNDLE_FILE, typesFile: types ? relative(outDir!, types) : DEFAULT_TYPES_FILE };
}

/**
 * The APIs a command works on, resolved from the folder it runs in: `--spec` names one
 * file (its rules and output come from the config entry whose root it is, if any);
 * otherwise `--api` picks an entry of the nearest config, and with neither every entry
 * is a target. Nothing is ever resolved from the toolkit's own install folder.
 */
export function resolveTargets(flags: TargetFlags, cwd: string = process.cwd()): { configFile: string | undefined; targets: ApiTarget[] } {
  if (flags.spec !== undefined && flags.api !== undefined) throw new UsageError('--spec and --api do not go together: --api picks an entry of the config, --spec a file.');
  const configFile = flags.config !== undefined ? resolve(cwd, flags.config) : findConfigFile(cwd);
  if (flags.config !== undefined && !existsSync(configFile!)) throw new UsageError(`${flags.config}: no such config file (--config).`);
  const config = configFile ? readConfig(configFile) : { apis: {}, allowRemoteRefs: false, collections: false, zod: false };
  const apis = config.apis;
  const allowRemoteRefs = flags.allowRemoteRefs === true || config.allowRemoteRefs;
  const out = flags.out !== undefined ? resolve(cwd, flags.out) : undefined;
  const entryTarget = (name: string): ApiTarget => {
    const entry = apis[name]!;
    if (typeof entry?.root !== 'string') throw new UsageError(`${configFile}: apis.${name} has no \`root\` (the spec's root file).`);
    const outputs = outputsOf(name, entry, configFile!);
    const root = resolve(dirname(configFile!), entry.root);
    const collections = entry['x-authkit']?.collections;
    if (collections !== undefined && typeof collections !== 'boolean') throw new UsageError(`${configFile}: apis.${name}: \`x-authkit.collections\` must be true or false.`);
    const zod = entry['x-authkit']?.zod;
    if (zod !== undefined && typeof zod !== 'boolean') throw new UsageError(`${configFile}: apis.${name}: \`x-authkit.zod\` must be true or false.`);
    const flows = entry['x-authkit']?.flows;
    if (flows !== undefined && (!Array.isArray(flows) || flows.some((file) => typeof file !== 'string'))) throw new UsageError(`${configFile}: apis.${name}: \`x-authkit.flows\` must be a list of Arazzo files.`);
    const fieldErrors = fieldErrorsOf(entry['x-authkit']?.fieldErrors, `${configFile}: apis.${name}: \`x-authkit.fieldErrors\``);
    return { name, root, configFile, ...outputs, outDir: out ?? outputs.outDir, projectRoot: projectRootFor(root, configFile), allowRemoteRefs, collections: collections ?? config.collections, ...((zod ?? config.zod) ? { schemasFile: schemasFileOf(outputs.typesFile) } : {}), ...(flows ? { flowFiles: (flows as string[]).map((file) => resolve(dirname(configFile!), file)) } : {}), ...(fieldErrors ? { fieldErrors } : {}) };
  };

  if (flags.spec !== undefined) {
    const root = resolve(cwd, flags.spec);
    const owner = Object.keys(apis).find((name) => typeof apis[name]?.root === 'string' && resolve(dirname(configFile!), apis[name]!.root as string) === root);
    if (owner) return { configFile, targets: [entryTarget(owner)] };
    return { configFile, targets: [{ name: undefined, root, configFile, outDir: out, bundleFile: DEFAULT_BUNDLE_FILE, typesFile: DEFAULT_TYPES_FILE, ...(config.zod ? { schemasFile: SCHEMAS_FILE_NAME } : {}), projectRoot: projectRootFor(root, configFile), allowRemoteRefs, collections: config.collections }] };
  }
  const names = Object.keys(apis);
  if (flags.api !== undefined) {
    if (!names.includes(flags.api)) {
      throw new UsageError(configFile ? `${relativeToCwd(configFile, cwd)} has no API named "${flags.api}"; it has: ${names.join(', ') || 'none'}.` : `--api ${flags.api}: no redocly.yaml in ${cwd} or above.`);
    }
    return { configFile, targets: [entryTarget(flags.api)] };
  }
  if (names.length === 0) {
    throw new UsageError(
      configFile
        ? `${relativeToCwd(configFile, cwd)} lists no APIs: add an \`apis:\` entry with its \`root\`, or pass --spec <file>.`
        : `No redocly.yaml in ${cwd} or any folder above it: pass --spec <file>, or run \`authkit init\` to scaffold one.`,
    );
  }
  return { configFile, targets: names.map(entryTarget) };
}

/** Exactly one target, for commands that serve or test one API at a time. */
export function resolveSingleTarget(flags: TargetFlags, cwd: string = process.cwd()): ApiTarget {
  const { configFile, targets } = resolveTargets(flags, cwd);
  if (targets.length > 1) {
    throw new UsageError(`${relativeToCwd(configFile!, cwd)} lists ${targets.length} APIs (${targets.map((target) => target.name).join(', ')}): pick one with --api <name>.`);
  }
  return targets[0]!;
}

function relativeToCwd(file: string, cwd: string): string {
  const path = relative(cwd, file);
  return path && !path.startsWith('..') && !isAbsolute(path) ? path : file;
}
