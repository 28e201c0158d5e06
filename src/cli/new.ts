/**
 * `labwire new NAME`: write `scenarios/NAME.ts` (or the path given), a commented scenario that
 * runs as written: the progjar lab, its echo server and client, and a program of your own.
 * It imports `labwire` when this project has it installed, labwire's sources by path otherwise.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { onDisk, writeOutput } from './outputs.ts';
import { ROOT, SCENARIO_EXTENSIONS } from './scenarios.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Is `dir` inside a package whose package.json says "type": "module" (so .ts files are ES modules)? */
function esmPackage(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      return (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { type?: string }).type === 'module';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
    if (dirname(d) === d) return false;
  }
}

/**
 * Where the scenario goes: NAME → ./scenarios/NAME.ts, or NAME.mts outside an ES-module
 * package (there a .ts file would load as CommonJS and could not import labwire); a path
 * with an extension as given.
 */
function target(arg: string): { path: string; name: string } {
  const ext = extname(arg);
  if ((SCENARIO_EXTENSIONS as readonly string[]).includes(ext)) return { path: arg, name: basename(arg, ext) };
  if (arg.includes('/') || ext) throw new UsageError(`${arg}: name a scenario (letters, digits, - _ .) or a file ending in ${SCENARIO_EXTENSIONS.join(', ')}`);
  return { path: join('scenarios', `${arg}.${esmPackage('scenarios') ? 'ts' : 'mts'}`), name: arg };
}

/** `'labwire'` if the project at `dir` can import it, else a relative path to labwire's sources. */
function importBase(dir: string): { api: string; lab: string } {
  try {
    createRequire(join(resolve(dir), 'package.json')).resolve('labwire');
    return { api: 'labwire', lab: 'labwire/labs/progjar' };
  } catch {
    const rel = (p: string) => {
      const r = relative(resolve(dir), join(ROOT, p)).split('\\').join('/');
      return r.startsWith('.') ? r : `./${r}`;
    };
    // the compiled CLI's ROOT is dist/, which holds the same files as JavaScript
    const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
    return { api: rel(`src/index${ext}`), lab: rel(`src/labs/progjar/index${ext}`) };
  }
}

export function scenarioTemplate(name: string, from: { api: string; lab: string }): string {
  return `/**
 * ${name}: a scenario to start from (written by \`labwire new\`). Run it with
 *
 *   npx labwire run ${name}          (from the project folder; or give this file's path)
 *
 * It prints what each machine's programs printed and writes out/${name}.*.txt and the
 * captures below; \`npx labwire show out/${name}.mesin1-any.pcap\` prints one as tshark would.
 */
import { defineScenario } from '${from.api}';
import { progjar, echoServer, echoClient } from '${from.lab}';

export default defineScenario({
  // names the output files (out/${name}.mesin1-any.pcap …); letters, digits, - _ .
  name: '${name}',
  // one line for \`labwire list\`
  summary: 'mesin2 sends a line to an echo server on mesin1:5000; mesin3 says hello',
  // the machines and networks: mesin1, mesin2, mesin3 (172.16.16.101–103 on progjar-network,
  // 172.20.0.3–5 on Docker's default bridge), Docker's DNS; see labwire/labs/progjar
  lab: progjar,
  programs: [
    // a daemon does not keep the run going: the run ends when the other programs have ended
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 5000 }) },
    // 'at' is when it starts, in simulated time: '1s', '250ms', or s(1) from labwire
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 5000, message: 'hello, labwire' }) },
    // a program of your own, written like the lab's Python: socket, time, print, logging
    {
      on: 'mesin3',
      name: 'hello.py',
      at: '2s',
      run: async ({ socket, print }) => {
        print('hello from', socket.gethostname());
      },
    },
  ],
  // what to capture: a machine's interface (eth0, eth1, lo) or 'any' (all of them, cooked)
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
  // keep the network running this long after the last program ends (TCP's FIN/ACKs)
  settle: '1s',
});
`;
}

export function newCommand(argv: readonly string[], out: (s: string) => void): number {
  const args = parseArgs(argv, [], ['-h', '--help', '--force']);
  if (args.options.has('-h') || args.options.has('--help')) {
    out('usage: labwire new NAME [--force]   write scenarios/NAME.ts (.mts outside an ES-module package), or the file named, a scenario to start from');
    return EXIT.done;
  }
  const [arg, ...rest] = args.positionals;
  if (!arg) throw new UsageError('which name? (labwire new NAME)');
  if (rest.length) throw new UsageError(`one scenario at a time (got ${[arg, ...rest].join(', ')})`);
  const { path, name } = target(arg);
  if (!NAME.test(name)) throw new UsageError(`${JSON.stringify(name)}: a scenario name is letters, digits, - _ . (it names the output files)`);
  if (existsSync(path) && !args.options.has('--force')) throw new UsageError(`${path} exists (pass --force to replace it)`);
  onDisk(dirname(path), () => mkdirSync(dirname(path), { recursive: true }));
  writeOutput(path, scenarioTemplate(name, importBase(dirname(path))));
  out(`wrote ${path}; run it with: labwire run ${name}`);
  return EXIT.done;
}
