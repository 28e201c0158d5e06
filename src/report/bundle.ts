/**
 * The viewer script: src/report/viewer bundled by esbuild into one browser script. From the
 * sources (a checkout run through tsx) it is bundled when a report is first made in a process
 * (about 0.2 s, then cached), so the page always runs the very filter, dissector and details
 * code of the `show` beside it and no stale bundle can drift from it. The built package has no
 * sources: `npm run build` bundles the same sources with the same settings into
 * dist/src/report/viewer.bundle.js (tools/build.mjs calls `bundleViewer`), which it reads.
 *
 * Node APIs: the viewer code must use none. Three exceptions get an empty stub: the file reader
 * in capture/source.ts, which the viewer never calls (it reads bytes), and show's MAC
 * vendor tables (show/mac-vendors.ts reads Wireshark's manuf file): in the browser they are
 * not there, so the page names MAC addresses plainly, as `labwire show` does without them; and
 * the time-zone reader (show/tz/zone.ts reads the zoneinfo files): the page prints clock times
 * in UTC. Any other `node:` import fails the build with the importing file named.
 */
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** the built package's viewer script, beside this module's compiled address */
export const PREBUILT_VIEWER = 'viewer.bundle.js';
const COMPILED = import.meta.url.endsWith('.js');
/** Modules that import Node APIs only for functions the viewer never calls. */
const NODE_STUBBED = [/capture[\\/]source\.ts$/, /show[\\/]mac-vendors\.ts$/, /show[\\/]tz[\\/]zone\.ts$/];

const nodeGuard: Plugin = {
  name: 'labwire-node-guard',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (NODE_STUBBED.some((re) => re.test(args.importer))) return { path: args.path, namespace: 'node-stub' };
      return { errors: [{ text: `the report viewer runs in a browser, but ${args.importer} imports ${args.path}` }] };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

let cached: Promise<string> | undefined;

/** The viewer as one script, safe to inline in a `<script>` element. */
export function viewerScript(): Promise<string> {
  cached ??= COMPILED
    ? readFile(new URL(`./${PREBUILT_VIEWER}`, import.meta.url), 'utf8')
    : bundleViewer(fileURLToPath(new URL('./viewer/main.ts', import.meta.url)));
  return cached;
}

/** Bundles the viewer from its entry source file (src/report/viewer/main.ts). */
export async function bundleViewer(entry: string): Promise<string> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    plugins: [nodeGuard],
  });
  const js = r.outputFiles[0]!.text;
  return js.replace(/<\/(script)/gi, '<\\/$1');
}
