/**
 * The JavaScript of dist/, bundled by esbuild: `labwire run` then loads a handful of files
 * instead of the ~150 modules tsc writes (Node 20 spends most of the command's start-up
 * resolving, reading and compiling modules one by one).
 *
 * One splitting build takes every entry point tsconfig.build.json names (the package's
 * exports, the CLI and its workers, labwire's own scenarios), so whatever imports labwire —
 * the CLI, a user's scenario importing 'labwire', a built-in scenario — shares one copy of
 * each module (two copies of a class would break `instanceof`). The code lands flat in
 * dist/lib/; each entry point keeps its tsc address (dist/src/index.js, dist/scenarios/echo.js …)
 * as a one-line module re-exporting its bundle, beside the .d.ts tsc wrote there.
 *
 * `import.meta.url` in a module is rewritten to the address tsc would have given that module
 * (dist/src/cli/scenarios.js …): the lookups relative to it (the worker's entry, labwire's own
 * scenarios, the Python shim beside src/pybridge/child.js, package.json) find what they did.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The sources tsconfig.build.json compiles: its `include`, a `DIR/**\/*.ts` expanded. */
export function entrySources(root) {
  const { include } = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  return include.flatMap((pattern) => {
    const glob = /^(.*)\/\*\*\/\*\.ts$/.exec(pattern);
    if (!glob) return [pattern];
    return readdirSync(join(root, glob[1]), { recursive: true })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => `${glob[1]}/${f.split('\\').join('/')}`)
      .sort();
  });
}

const LIB = 'lib';
/** src/cli/main.ts → lib/src.cli.main.js (all bundles one folder below dist/) */
const bundleName = (source) => source.replace(/\.ts$/, '').split('/').join('.');
const compiledPath = (source) => source.replace(/\.ts$/, '.js');

/** Every module's import.meta.url as tsc's output would have it: dist/lib/x.js → ../src/… */
const tscAddresses = (root) => ({
  name: 'labwire-tsc-addresses',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const address = JSON.stringify(`../${compiledPath(relative(root, args.path).split('\\').join('/'))}`);
      const text = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.url\b/g, `new URL(${address}, import.meta.url).href`);
      return { contents: text, loader: 'ts' };
    });
  },
});

/** Bundle the entry points into `${outDir}/lib` and write their one-line modules at their tsc addresses; returns the entry points. */
export async function bundle(root, outDir) {
  const sources = entrySources(root);
  const r = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(sources.map((s) => [bundleName(s), s])),
    outdir: join(outDir, LIB),
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external', // labwire's dependencies stay in node_modules, shared with the user's code
    tsconfig: join(root, 'tsconfig.build.json'),
    metafile: true,
    // beside each bundle, without the sources: the bench's profiles and `node --enable-source-maps`
    // name src/…ts lines (packages leave the maps out: package.json "files")
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [tscAddresses(root)],
  });
  const posix = (path) => path.split('\\').join('/');
  for (const source of sources) {
    const bundled = join(outDir, LIB, `${bundleName(source)}.js`);
    const { exports } = r.metafile.outputs[posix(relative(root, bundled))];
    const at = join(outDir, compiledPath(source));
    // dist/lib/ is beside dist/src/ and dist/scenarios/: the path always starts with ../
    const target = JSON.stringify(posix(relative(dirname(at), bundled)));
    const lines = exports.length === 0 ? [`import ${target};`] : [`export * from ${target};`];
    if (exports.includes('default')) lines.push(`export { default } from ${target};`);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, `${lines.join('\n')}\n`);
  }
  return sources;
}

/** how long the bundles of a replaced dist/ stay in the new one (keepRecentBundles) */
const KEEP_MS = 60 * 60 * 1000;

/**
 * Copy into `${outDir}/lib` the bundles of the dist/ it replaces (`${oldDist}/lib`) that it
 * does not have, written less than an hour ago. A labwire command started before the swap
 * loads parts of itself later (the run's simulator, show, the Python bridge, the tidying after
 * Ctrl-C) by content-hashed names the new build may not have; a name both builds have holds
 * the same text. Older ones are left behind, so dist/lib does not grow without end.
 */
export function keepRecentBundles(oldDist, outDir) {
  const from = join(oldDist, LIB);
  const to = join(outDir, LIB);
  if (!existsSync(from)) return;
  const since = Date.now() - KEEP_MS; // wall clock: the build's own housekeeping, not the simulation
  for (const name of readdirSync(from)) {
    const old = join(from, name);
    if (!existsSync(join(to, name)) && statSync(old).mtimeMs > since) cpSync(old, join(to, name), { preserveTimestamps: true });
  }
}
