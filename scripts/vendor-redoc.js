// Copies Redoc's one-file browser build, with its licences, into dist/vendor/redoc, so
// the published package carries the 1.1 MB file the docs page inlines instead of a
// dependency on redoc, which would install 85 MB of React, MobX and core-js with it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bundle = require.resolve('redoc/bundles/redoc.standalone.js');
const packageRoot = dirname(dirname(bundle));
const target = new URL('../dist/vendor/redoc/', import.meta.url).pathname;
mkdirSync(target, { recursive: true });
copyFileSync(bundle, join(target, 'redoc.standalone.js'));
copyFileSync(`${bundle}.LICENSE.txt`, join(target, 'redoc.standalone.js.LICENSE.txt'));
copyFileSync(join(packageRoot, 'LICENSE'), join(target, 'LICENSE'));
copyFileSync(join(packageRoot, 'package.json'), join(target, 'package.json'));
