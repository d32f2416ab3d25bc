// Copies the plain browser scripts the docs page inlines into dist beside the modules
// that read them: tsc's build does not emit .js sources (allowJs is off there, so
// the rest of src stays TypeScript only).
import { copyFileSync } from 'node:fs';

for (const file of ['src/docs/try-it-panel.js']) {
  copyFileSync(new URL(`../${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url));
}
