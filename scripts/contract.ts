import { main } from '../src/cli/contract.js';
import { runScript } from '../src/cli/run-script.js';

await runScript(main);
