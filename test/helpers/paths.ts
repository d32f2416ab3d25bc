import { join } from 'node:path';
import { toolkitRoot } from '../../src/toolkit-package.js';

export const ROOT = toolkitRoot();
export const fixture = (...parts: string[]): string => join(ROOT, 'test', 'fixtures', ...parts);
/** The Auth API as its redocly.yaml entry names it. */
export const AUTH_SPEC = join(ROOT, 'spec', 'openapi.yaml');
export const AUTH_BUNDLE = join(ROOT, 'generated', 'openapi.json');
export const AUTH_OUT = join(ROOT, 'generated');
/** A config whose root-level rules are the house rules, for the fixtures that break them. */
export const HOUSE_RULES_CONFIG = fixture('house-rules', 'redocly.yaml');
/** The public specs the corpus tests run on, as their packages install them. */
const modules = join(ROOT, 'node_modules');
export const CORPUS = {
  trainTravel: join(modules, '@readme', 'oas-examples', '3.1', 'json', 'train-travel.json'),
  starTrek: join(modules, '@readme', 'oas-examples', '3.0', 'yaml', 'star-trek.yaml'),
  galaxy: join(modules, '@scalar', 'galaxy', 'dist', '3.1.yaml'),
  rclone: join(modules, 'rclone-openapi', 'openapi.json'),
  shipEngine: join(modules, 'shipengine-openapi', 'openapi.yaml'),
  authentik: join(modules, '@goauthentik', 'api', 'schema.yml'),
} as const;
