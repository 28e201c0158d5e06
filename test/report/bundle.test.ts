/** The viewer bundle: show's reader, dissector, details and filter build for the browser, with no Node API and no way out. */
import { describe, expect, it } from 'vitest';
import { viewerScript } from '../../src/report/bundle.ts';

describe('viewer bundle', () => {
  it('builds without Node built-ins and asks nothing of the network', async () => {
    const js = await viewerScript();
    expect(js.length).toBeGreaterThan(10_000);
    expect(js).not.toMatch(/require\(|node:(fs|path|crypto|zlib)/);
    expect(js).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|\bimport\(/);
    expect(js).not.toMatch(/<\/script/i);
  });
});
