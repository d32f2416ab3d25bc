import { main } from '../src/cli/check.js';
import { runScript } from '../src/cli/run-script.js';

await runScript(main);
