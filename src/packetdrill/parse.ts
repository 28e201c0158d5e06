/**
 * parseScript: a packetdrill script's text → Script (see script.ts). Written from the
 * grammar's description in packetdrill's parser.y (script: options, init command, events,
 * cleanup command; event: time action; action: packet | syscall | command | code).
 * Errors are ScriptSyntaxError naming the line.
 */
import { Cursor } from './cursor.ts';
import { ScriptSyntaxError, tokenize } from './lexer.ts';
import { parsePacket } from './parse-packet.ts';
import { parseSyscall, parseTimeValue } from './parse-expr.ts';
import type { EventAction, EventTime, Script, ScriptEvent } from './script.ts';

export { ScriptSyntaxError };

function parseOptions(c: Cursor): Map<string, string> {
  const options = new Map<string, string>();
  while (c.isKind('option')) {
    const name = c.next().text;
    if (!c.eatChar('=')) {
      options.set(name, '');
      continue;
    }
    let value = c.next().text;
    // --define=NAME=value
    if (c.isChar('=') && c.peek(1).line === c.peek().line) {
      c.next();
      value += `=${c.next().text}`;
    }
    options.set(name, value);
  }
  return options;
}

function parseEventTime(c: Cursor): EventTime {
  if (c.eatChar('*')) return { type: 'any' };
  if (c.eatChar('+')) {
    const usecs = parseTimeValue(c);
    if (!c.eatChar('~')) return { type: 'relative', usecs };
    c.expectChar('+', 'after ~ in a relative time range');
    return { type: 'range', relative: true, usecs, endUsecs: parseTimeValue(c) };
  }
  const usecs = parseTimeValue(c);
  if (!c.eatChar('~')) return { type: 'absolute', usecs };
  return { type: 'range', relative: false, usecs, endUsecs: parseTimeValue(c) };
}

function parseAction(c: Cursor): EventAction {
  const t = c.peek();
  if (t.kind === 'backquoted') return { kind: 'command', command: c.next().text };
  if (t.kind === 'code') return { kind: 'code', code: c.next().text };
  if (c.isChar('<') || c.isChar('>')) return { kind: 'packet', packet: parsePacket(c) };
  return { kind: 'syscall', call: parseSyscall(c) };
}

function parseEvent(c: Cursor): ScriptEvent {
  const line = c.peek().line;
  const time = parseEventTime(c);
  const action = parseAction(c);
  const outbound = action.kind === 'packet' && action.packet.direction === 'out';
  if (time.type === 'any' && !outbound) throw new ScriptSyntaxError(line, 'event time * can only be used with outbound packets');
  if (time.type === 'range' && !outbound) throw new ScriptSyntaxError(line, 'event time range can only be used with outbound packets');
  if (time.type === 'range' && time.endUsecs < time.usecs) throw new ScriptSyntaxError(line, 'time range is backwards');
  return { ...action, line, time };
}

export function parseScript(source: string): Script {
  const c = new Cursor(tokenize(source));
  const options = parseOptions(c);
  const init = c.isKind('backquoted') ? c.next().text : null;
  const events: ScriptEvent[] = [];
  let cleanup: string | null = null;
  while (!c.isKind('eof')) {
    if (c.isKind('backquoted')) {
      cleanup = c.next().text;
      if (!c.isKind('eof')) c.fail('a command without a time may only open or close the script');
      break;
    }
    events.push(parseEvent(c));
  }
  return { options, init, events, cleanup };
}
