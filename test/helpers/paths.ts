import { join } from 'node:path';
import { projectRoot } from '../../src/project-root.js';

export const ROOT = projectRoot();
export const fixture = (...parts: string[]): string => join(ROOT, 'test', 'fixtures', ...parts);
