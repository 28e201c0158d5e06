/**
 * The `labwire` command. Exit codes: 0 done, 1 a program failed, 2 bad usage or bad input
 * (scenario, capture file, filter), 3 the scenario stalled.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args.ts';
import { runCommand, loadScenario, ROOT } from './run.ts';
import { showCommand } from './show.ts';
import { ScenarioError } from '../sim/scenario.ts';

const HELP = `labwire — replays socket-programming labs in a deterministic simulated network and
writes captures that Wireshark opens as if taken on real machines.

usage:
  labwire run SCENARIO [--seed N] [--out DIR] [--format pcap|pcap-ns|pcapng] [--any-link sll|sll2] [--kernel NAME]
  labwire show FILE [-Y FILTER] [-V] [-x] [-c N] [-T fields -e F] [-z STAT] …  (tshark options; labwire help show)
                               a capture as tshark prints it (pcap, pcapng; Ethernet, SLL, SLL2)
  labwire list                 the scenarios in scenarios/
  labwire help run|show        options of a command

Try: labwire run ping   (mesin1 pings mesin2; captures in ./out)
`;

async function list(out: (s: string) => void): Promise<number> {
  const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const name = f.replace(/\.ts$/, '');
    const { spec } = await loadScenario(name);
    out(`${name.padEnd(18)} ${spec.summary}`);
  }
  return 0;
}

export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case '-h':
      case '--help':
        out(HELP);
        return 0;
      case 'help':
        if (rest[0] === 'run') return runCommand(['--help'], out);
        if (rest[0] === 'show') return showCommand(['--help'], out, err);
        out(HELP);
        return 0;
      case 'run':
        return await runCommand(rest, out);
      case 'list':
        return await list(out);
      case 'show':
        // show's lines carry their own newlines
        return await showCommand(rest, (s) => out(s.replace(/\n$/, '')), (s) => err(s.replace(/\n$/, '')));
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`labwire: ${e.message}\n(see labwire --help)`);
      return 2;
    }
    if (e instanceof ScenarioError) {
      err(`labwire: bad scenario: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain || process.env.LABWIRE_CLI === '1') {
  // `labwire show big.pcap | head` closes our stdout early: stop quietly, as tshark does
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await main(process.argv.slice(2), (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'));
  process.exitCode = code;
}
