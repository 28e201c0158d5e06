/**
 * The `labwire` command: run, list, new, show, help. Every failure goes through one path
 * (errors.ts): a message naming the file, place and field, the exit code from the README's
 * table, and a stack trace only with `--debug`.
 */
import { UsageError, reportError, EXIT, EXIT_HELP } from './errors.ts';
import { didYouMean } from '../sim/schema/suggest.ts';

const HELP = `labwire — replays socket-programming labs in a deterministic simulated network and
writes captures that Wireshark opens as if taken on real machines.

usage:
  labwire run SCENARIO [--seed N] [--out DIR] [--format pcap|pcap-ns|pcapng] [--any-link sll|sll2]
                       [--kernel NAME] [--show] [--show-filter F] [--timestamps]
                               replay a scenario: a name (labwire list) or a file (.ts .mts .js .mjs)
  labwire list [DIR]           scenarios in DIR, or in ./scenarios and labwire's own
  labwire new NAME             write scenarios/NAME.ts, a commented scenario to start from
  labwire show FILE [-Y FILTER] [-V] [-x] [-c N] [-T fields -e F] [-z STAT] …  (tshark's options: labwire help show)
                               a capture as tshark prints it (pcap, pcapng; Ethernet, SLL, SLL2)
  labwire report FILE... [--out DIR] [--lang en|id]   one HTML page to read captures in a browser
  labwire packetdrill FILE.pkt…|DIR [--json] [--pcap-dir DIR]
                               run packetdrill scripts against labwire's TCP: pass/fail/unsupported
  labwire help run|show        options of a command
  --debug                      (with any command) stack traces for errors

${EXIT_HELP}
(docs/errors.md lists every message)

Try: labwire run ping   (mesin1 pings mesin2; captures in ./out)
`;

const COMMANDS = ['run', 'list', 'new', 'show', 'report', 'packetdrill', 'help'];

// commands load on demand: the main thread of `labwire run` only starts a worker
const runCommand = async (...a: Parameters<typeof import('./run.ts').runCommand>) => (await import('./run.ts')).runCommand(...a);
const showCommand = async (...a: Parameters<typeof import('./show.ts').showCommand>) => (await import('./show.ts')).showCommand(...a);

async function dispatch(cmd: string | undefined, rest: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  switch (cmd) {
    case undefined:
    case '-h':
    case '--help':
      out(HELP);
      return EXIT.done;
    case 'help':
      if (rest[0] === 'run') return runCommand(['--help'], out, err);
      if (rest[0] === 'show') return showCommand(['--help'], out, err);
      out(HELP);
      return EXIT.done;
    case 'run':
      return await runCommand(rest, out, err);
    case 'list':
      return await (await import('./list.ts')).listCommand(rest, out, err);
    case 'new':
      return (await import('./new.ts')).newCommand(rest, out);
    case 'packetdrill':
      return await (await import('./packetdrill.ts')).packetdrillCommand(rest, out, err);
    case 'report':
      return await (await import('./report.ts')).reportCommand(rest, out, err);
    case 'show':
      // show's lines carry their own newlines (a slice, not a regular expression: /\n$/ scans a whole 64 KB piece)
      return await showCommand(rest, (s) => out(withoutFinalNewline(s)), (s) => err(withoutFinalNewline(s)), (out as Out).bytes);
    default:
      throw new UsageError(`unknown command ${JSON.stringify(cmd)}${didYouMean(cmd, COMMANDS)}`);
  }
}

/** main's `out`: a line (its newline added); the process's also writes bytes as they are (show's packet list) */
export interface Out {
  (s: string): void;
  readonly bytes?: (b: Uint8Array) => unknown;
}

const withoutFinalNewline = (s: string): string => (s.endsWith('\n') ? s.slice(0, -1) : s);

export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const debug = argv.includes('--debug');
  const [cmd, ...rest] = argv[0] === '--debug' ? argv.slice(1) : argv;
  try {
    // run takes --debug itself (for the programs' stack traces); the others do not know it
    return await dispatch(cmd, cmd === 'run' ? rest : rest.filter((a) => a !== '--debug'), out, err);
  } catch (e) {
    return reportError(e, { debug, err });
  }
}

