/** IRC's tree (irc.ts) as tshark 4.0 prints it: a Request/Response item per line and what it holds. */
import type { IrcExpert, IrcFrame, IrcNode } from '../irc.ts';
import { formatText } from '../json-string.ts';
import { expertItem } from './expert.ts';
import { asciiString, type Tree } from './text.ts';

const EXPERTS: Readonly<Record<Exclude<IrcExpert, 'no-command'>, readonly [abbrev: string, severity: 'Error' | 'Warning', group: 'Malformed' | 'Protocol', text: string]>> = {
  'missing-end-delimiter': ['irc.missing_end_delimiter', 'Error', 'Malformed', 'Missing ending tag delimiter (0x01)'],
  'tag-data-invalid': ['irc.tag_data_invalid', 'Warning', 'Protocol', 'Tag data outside of NOTICE or PRIVMSG command'],
  'prefix-missing-space': ['irc.prefix_missing_ending_space', 'Error', 'Malformed', 'Prefix missing ending <space>'],
  'numeric-request-command': ['irc.request.command.numeric', 'Warning', 'Protocol', 'Numeric command not allowed in request'],
};

export function ircSection(t: Tree, irc: IrcFrame): void {
  const kind = irc.request ? 'request' : 'response';
  const label = irc.request ? 'Request' : 'Response';
  t.proto(0, 'irc', 'Internet Relay Chat');
  for (const line of irc.lines) {
    const text = asciiString(line.bytes);
    t.field(1, `irc.${kind}`, text, `${label}: ${formatText(text)}`);
    for (const n of line.nodes) node(t, kind, n);
  }
}

function node(t: Tree, kind: 'request' | 'response', n: IrcNode): void {
  switch (n.kind) {
    case 'prefix':
      return str(t, 2, `irc.${kind}.prefix`, 'Prefix', n.bytes);
    case 'command':
      return str(t, 2, `irc.${kind}.command`, 'Command', n.bytes);
    case 'num-command':
      t.hidden(2, 'irc.response.num_command', n.value);
      return;
    case 'params':
      t.line(2, 'Command parameters');
      for (const p of n.params) str(t, 3, `irc.${kind}.command_parameter`, 'Parameter', p);
      return;
    case 'trailer':
      return str(t, 2, `irc.${kind}.trailer`, 'Trailer', n.bytes);
    case 'ctcp':
      return str(t, 2, 'irc.ctcp', 'CTCP Data', n.bytes);
    case 'expert': {
      const [abbrev, severity, group, text] = n.expert === 'no-command'
        ? [`irc.${kind}.command.missing`, 'Error', 'Malformed', `${kind === 'request' ? 'Request' : 'Response'} has no command`] as const
        : EXPERTS[n.expert];
      expertItem(t, 2, abbrev, severity, group, text);
      // expert.c: a Malformed note also adds the hidden _ws.malformed protocol beside it (JSON only)
      if (group === 'Malformed') t.proto(2, '_ws.malformed', 'Malformed Packet', true);
    }
  }
}

function str(t: Tree, depth: number, abbrev: string, name: string, b: Uint8Array): void {
  const s = asciiString(b);
  t.field(depth, abbrev, s, `${name}: ${formatText(s)}`);
}
