// Loaded into the Prism CLI's own process (--import) before the CLI, by startPrism(): the
// CLI that `mock --proxy` runs, and the parity tests' reference. It defers the modules the
// engine defers (deferred-modules.ts), found from the CLI's own copy of prism-http: 0.6 s
// of its start, and the same answers (faker still loads at the first `dynamic=true`).
import { createRequire } from 'node:module';
import { deferPrismExtras } from './deferred-modules.js';

const cli = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
deferPrismExtras(createRequire(cli.resolve('@stoplight/prism-http')));
