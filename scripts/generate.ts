import { main } from '../src/cli/generate.js';
import { runScript } from '../src/cli/run-script.js';

await runScript(main);
