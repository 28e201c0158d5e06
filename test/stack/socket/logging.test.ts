/**
 * Python's logging as the lab uses it (src/stack/socket/logging.ts): the root logger's
 * "%(levelname)s:%(name)s:%(message)s" records, one per line, below the level left out.
 */
import { describe, expect, it } from 'vitest';
import { makeLogging } from '../../../src/stack/socket/logging.ts';

function logged(use: (logging: ReturnType<typeof makeLogging>) => void): string[] {
  const lines: string[] = [];
  use(makeLogging((line) => lines.push(line)));
  return lines;
}

describe('logging', () => {
  it('writes WARNING and above until basicConfig sets the level, each record with its own level name', () => {
    expect(logged((logging) => {
      logging.info('hidden');
      logging.warning('shown');
      logging.basicConfig({ level: logging.INFO });
      logging.info('sending back data');
      logging.info('sending back data');
      logging.warning('sending back data');
      logging.info('sending back data');
      logging.debug('hidden too');
      logging.getLogger().log(25, 'custom');
    })).toEqual([
      'WARNING:root:shown',
      'INFO:root:sending back data',
      'INFO:root:sending back data',
      'WARNING:root:sending back data',
      'INFO:root:sending back data',
      'Level 25:root:custom',
    ]);
  });

  it('a message with newlines makes one line each, the first with the prefix, however often it comes', () => {
    expect(logged((logging) => {
      logging.error('a\nb');
      logging.error('a\nb');
      logging.error('a');
    })).toEqual(['ERROR:root:a', 'b', 'ERROR:root:a', 'b', 'ERROR:root:a']);
  });
});
