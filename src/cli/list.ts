/**
 * `labwire list [DIR]`: the scenarios in DIR, or in ./scenarios and labwire's own, with their
 * summaries. Files without a default export are helpers, not scenarios, and are left out; a
 * file that fails to load or check is listed with the reason, and the exit code is 2.
 */
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { importScenarioModule, scenarioDirs, scenarioFiles } from './scenarios.ts';
import { validateScenario } from '../sim/scenario-schema.ts';

export async function listCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [], ['-h', '--help']);
  if (args.options.size) {
    out('usage: labwire list [DIR]   the scenarios in DIR (default: ./scenarios, then labwire\'s own)');
    return EXIT.done;
  }
  if (args.positionals.length > 1) throw new UsageError(`one folder at a time (got ${args.positionals.join(', ')})`);
  const dir = args.positionals[0];
  if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) throw new UsageError(`no folder ${dir}`);
  const dirs = dir === undefined ? scenarioDirs() : [dir];
  const files = scenarioFiles(dirs);
  if (!files.length) err(`labwire: no scenario files (.ts, .mts, .js, .mjs) in ${dirs.join(', ')}`);
  let code: number = EXIT.done;
  let lastDir = '';
  for (const f of files) {
    if (dirs.length > 1 && f.dir !== lastDir) out(`${lastDir ? '\n' : ''}${relative(process.cwd(), f.dir) || '.'}:`);
    lastDir = f.dir;
    try {
      const { exported, file } = await importScenarioModule(f.path, dirs);
      if (exported === undefined) continue; // a helper module beside the scenarios, not one itself
      out(`${f.name.padEnd(24)} ${validateScenario(exported, file).summary}`);
    } catch (e) {
      // one broken file does not hide the others; `labwire run` on it says everything
      const why = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
      out(`${f.name.padEnd(24)} (cannot load: ${why.length > 160 ? `${why.slice(0, 160)}…` : why}; labwire run ${f.name} says more)`);
      code = EXIT.badInput;
    }
  }
  return code;
}
