/** IRC's filter fields (packet-irc.c names), over every line a frame's IRC holds (irc.ts). */
import type { Dissected } from '../dissect.ts';
import type { IrcNode } from '../irc.ts';
import { asciiString } from '../details/text.ts';
import type { FieldDef, FieldTable, FieldType, Value } from './fields.ts';

const NONE: readonly Value[] = [];

// defined here, not imported from fields.ts: that module builds its table from this one's at load time
function many(type: FieldType, get: (f: Dissected) => readonly Value[]): FieldDef {
  return { type, get };
}

/** the lines' nodes of one kind, as strings, when the frame's lines go that way (`request`) */
function nodes(request: boolean, kind: 'prefix' | 'command' | 'trailer'): (f: Dissected) => readonly Value[] {
  return (f) => (f.irc && f.irc.request === request ? f.irc.lines.flatMap((l) => l.nodes.flatMap((n) => (n.kind === kind ? [asciiString(n.bytes)] : []))) : NONE);
}

function params(request: boolean): (f: Dissected) => readonly Value[] {
  return (f) => (f.irc && f.irc.request === request ? f.irc.lines.flatMap((l) => l.nodes.flatMap((n: IrcNode) => (n.kind === 'params' ? n.params.map(asciiString) : []))) : NONE);
}

function lines(request: boolean): (f: Dissected) => readonly Value[] {
  return (f) => (f.irc && f.irc.request === request ? f.irc.lines.map((l) => asciiString(l.bytes)) : NONE);
}

export function ircFields(): FieldTable {
  const table: Record<string, FieldDef> = {
    'irc': many('protocol', (f) => (f.irc ? [f.view.tcp!.payload] : NONE)),
    'irc.ctcp': many('string', (f) => f.irc?.lines.flatMap((l) => l.nodes.flatMap((n) => (n.kind === 'ctcp' ? [asciiString(n.bytes)] : []))) ?? NONE),
    'irc.response.num_command': many('u16', (f) => f.irc?.lines.flatMap((l) => l.nodes.flatMap((n) => (n.kind === 'num-command' ? [n.value] : []))) ?? NONE),
  };
  for (const [kind, request] of [['request', true], ['response', false]] as const) {
    table[`irc.${kind}`] = many('string', lines(request));
    table[`irc.${kind}.prefix`] = many('string', nodes(request, 'prefix'));
    table[`irc.${kind}.command`] = many('string', nodes(request, 'command'));
    table[`irc.${kind}.command_parameter`] = many('string', params(request));
    table[`irc.${kind}.trailer`] = many('string', nodes(request, 'trailer'));
  }
  return table;
}
