/**
 * One script from text to outcome: parse it, name a kernel feature it needs that labwire
 * lacks (features.ts), read its options, run its init command to get
 * the host's setup (kernel profile from the sysctls, GSO), boot a host with that setup and
 * run the events. A failing run hands back the capture of the run.
 */
import { CALIBRATION_PROFILE, type KernelProfile } from '../stack/kernel/profile.ts';
import { Unsupported } from './args.ts';
import type { HostDriver } from './driver.ts';
import { missingFeature } from './features.ts';
import { parseScript, ScriptSyntaxError } from './parse.ts';
import type { ScriptOutcome } from './result.ts';
import { ScriptRun } from './runner.ts';
import { readSettings } from './settings.ts';
import { runShell, type HostSetup, type ShellContext } from './shell.ts';

/**
 * The kernel a script starts from, before its init command: Linux 6.18 as the calibration
 * recordings came from it, on the machine the corpus is checked against (6.18.44,
 * CONFIG_HZ=250, the calibration profile's): TCP's jiffy timers — delayed ACK, loss probe,
 * RTO — fire on the 4 ms ticks of its timer wheel, as there (a loss probe due 22 ms after the
 * data leaves 24–28 ms after it, test/packetdrill/scripts/ack-fin-held-by-cwnd.pkt). Its `<`
 * packets come through a tun device, so received skbs cost what tun's copies do
 * (rcvSkbTruesize 'tun', tcp/rcv-skb.ts), not a veth's. defaults.sh then sets packetdrill's
 * sysctls on top.
 */
export const PACKETDRILL_BASE_PROFILE: KernelProfile = { ...CALIBRATION_PROFILE, name: 'packetdrill', rcvSkbTruesize: 'tun' };

export type MakeDriver = (setup: HostSetup) => HostDriver | Promise<HostDriver>;

export interface ScriptRunOutput {
  readonly outcome: ScriptOutcome;
  /** pcap bytes of the simulated run when it failed */
  readonly capture: Uint8Array | null;
}

export async function runScriptText(text: string, ctx: ShellContext, makeDriver: MakeDriver): Promise<ScriptRunOutput> {
  let script;
  try {
    script = parseScript(text);
  } catch (x) {
    if (x instanceof ScriptSyntaxError) return { outcome: { status: 'error', message: x.message }, capture: null };
    throw x;
  }
  const missing = missingFeature(script);
  if (missing) return { outcome: { status: 'unsupported', feature: missing.feature, line: missing.line }, capture: null };
  const settings = readSettings(script.options);
  if (typeof settings === 'string') return { outcome: { status: 'unsupported', feature: `option ${settings}`, line: null }, capture: null };
  let setup: HostSetup = { profile: PACKETDRILL_BASE_PROFILE, gso: true, rxGsoSize: settings.injectMss || 'none' };
  if (script.init !== null) {
    const r = runShell(setup, script.init, ctx);
    if (!r.ok) return { outcome: { status: 'unsupported', feature: r.unsupported, line: null }, capture: null };
    setup = r.setup;
  }
  const host = await makeDriver(setup);
  try {
    const outcome = await new ScriptRun(host, settings, setup, (s, cmd) => runShell(s, cmd, ctx)).run(script.events);
    return { outcome, capture: outcome.status === 'fail' ? host.capture() : null };
  } catch (x) {
    if (x instanceof Unsupported) return { outcome: { status: 'unsupported', feature: x.message, line: null }, capture: null };
    // a program error on the host or a runner bug: reported for this script, the others still run
    return { outcome: { status: 'error', message: x instanceof Error ? `${x.name}: ${x.message}` : String(x) }, capture: host.capture() };
  }
}
