/**
 * The viewer script, bundled from src/report/viewer with esbuild when a report is first made
 * in a process (about 0.2 s, then cached; the built package bundles dist/'s compiled copy). Bundling from the sources on the fly, not at
 * `npm run build`, means the page always runs the very filter, dissector and details code
 * of the `show` beside it — a clean clone needs only `npm ci` (esbuild comes with tsx, the
 * loader the CLI already runs on), and no stale bundle can drift from `labwire show`.
 *
 * Node APIs: the viewer code must use none. Three exceptions get an empty stub: the file reader
 * in capture/source.ts, which the viewer never calls (it reads bytes), and show's MAC
 * vendor tables (show/mac-vendors.ts reads Wireshark's manuf file): in the browser they are
 * not there, so the page names MAC addresses plainly, as `labwire show` does without them; and
 * the time-zone reader (show/tz/zone.ts reads the zoneinfo files): the page prints clock times
 * in UTC. Any other `node:` import fails the build with the importing file named.
 */
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

// from the sources (.ts) or, in the built package, from dist/'s compiled modules (.js): the same code
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = fileURLToPath(new URL(COMPILED ? './viewer/main.js' : './viewer/main.ts', import.meta.url));
/** Modules that import Node APIs only for functions the viewer never calls. */
const NODE_STUBBED = [/capture[\\/]source\.[tj]s$/, /show[\\/]mac-vendors\.[tj]s$/, /show[\\/]tz[\\/]zone\.[tj]s$/];

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
  cached ??= bundleViewer();
  return cached;
}

async function bundleViewer(): Promise<string> {
  const r = await build({
    entryPoints: [ENTRY],
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
