/** The echo scenario's captures as pcapng, made once per test file, in memory and on disk. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import echo from '../../scenarios/echo.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { tempDir } from '../helpers/scenario.ts';

export interface EchoCaptures {
  readonly dir: string;
  /** by `host-iface`: mesin1-any, mesin2-eth1 */
  readonly files: ReadonlyMap<string, { readonly path: string; readonly bytes: Uint8Array }>;
}

let made: Promise<EchoCaptures> | undefined;

export function echoCaptures(): Promise<EchoCaptures> {
  made ??= (async () => {
    const dir = tempDir('labwire-report-');
    const run = await runScenario(echo, { seed: 1, format: 'pcapng' });
    const files = new Map<string, { path: string; bytes: Uint8Array }>();
    for (const c of run.captures) {
      const path = join(dir, `echo.${c.host}-${c.iface}.pcapng`);
      writeFileSync(path, c.bytes!);
      files.set(`${c.host}-${c.iface}`, { path, bytes: c.bytes! });
    }
    return { dir, files };
  })();
  return made;
}
