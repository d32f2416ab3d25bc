import { main } from '../src/cli/start.js';
import { runScript } from '../src/cli/run-script.js';

await runScript(main);
