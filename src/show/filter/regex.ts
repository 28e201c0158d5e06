/**
 * `matches` and `~`: Wireshark 4.0 runs PCRE2, case-insensitive by default; here the pattern
 * runs on RE2's linear-time engine (re2js), so no pattern can take exponential time —
 * `frame matches "(a+)+$"` costs one pass over the frame. RE2 has no backreferences or
 * lookaround; such patterns are refused with a compilation error where PCRE2 would run them.
 */
import { RE2JS } from 're2js';
import { FilterError } from './lexer.ts';

/** PCRE2's wording (what tshark prints) for the errors both engines share; RE2's own otherwise. */
const PCRE2_WORDING: Readonly<Record<string, string>> = {
  'missing closing )': 'missing closing parenthesis',
  'unexpected )': 'unmatched closing parenthesis',
  'invalid repeat count': 'numbers out of order in {} quantifier',
  'invalid character class range': 'range out of order in character class',
  'missing argument to repetition operator': 'quantifier does not follow a repeatable item',
  'missing closing ]': 'missing terminating ] for character class',
  'trailing backslash at end of expression': '\\ at end of pattern',
};

/** A test of text against `pattern`; throws FilterError with tshark's "Regex compilation error". */
export function compileRegex(pattern: string): (text: string) => boolean {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    const reason = (e as Error).message.replace(/^error parsing regexp: /, '').replace(/: `.*`$/s, '');
    throw new FilterError(`Regex compilation error: ${PCRE2_WORDING[reason] ?? reason}.`);
  }
  return (text) => re.test(text);
}
