import { main } from '../src/cli/lint.js';
import { runScript } from '../src/cli/run-script.js';

await runScript(main);
