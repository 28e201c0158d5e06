/** One netem line per fault kind, strong enough to bite a short TCP exchange (shared by the e2e tests). */
export const FAULT_KINDS: readonly string[] = [
  'delay 30ms 20ms',
  'delay 30ms 20ms 50% distribution normal',
  'delay 10ms 10ms distribution paretonormal',
  'loss 30%',
  'loss gemodel 20% 30% 90% 5%',
  'loss state 20% 50%',
  'duplicate 40%',
  'corrupt 30%',
  'delay 20ms reorder 40% gap 2',
  'rate 20kbit',
  'slot 5ms 20ms packets 2',
  'delay 5ms limit 2',
];
