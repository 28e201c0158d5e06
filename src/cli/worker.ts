/** `labwire run` inside the worker thread that process.ts starts: run `main` and post its exit code. */
import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main.ts';

const { argv } = workerData as { argv: string[] };
const code = await main(argv, (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'));
parentPort!.postMessage({ code });
