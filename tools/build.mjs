#!/usr/bin/env node
/**
 * Builds dist/ (the compiled library, CLI and built-in scenarios) from a clean folder: tsc
 * checks the types and writes the .d.ts files, esbuild bundles the JavaScript (bundle.mjs).
 *
 *   node tools/build.mjs              `npm run build` and `prepack`: fails when it cannot build
 *   node tools/build.mjs --prepare    `prepare`: builds when TypeScript is installed here, else
 *                                     says so and succeeds, so `npm install <this folder>` from a
 *                                     project without labwire's dev dependencies does not fail
 *                                     with `tsc: not found`; skipped under `npm pack`/`publish`,
 *                                     whose `prepack` has just built.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prepare = process.argv.includes('--prepare');

/** run by `npm pack`/`npm publish` (their `prepack`): the build that goes into the package */
const packing = ['pack', 'publish'].includes(process.env.npm_command ?? '');

if (prepare && packing) process.exit(0);

let tsc;
try {
  tsc = createRequire(`${root}package.json`).resolve('typescript/bin/tsc');
} catch {
  const why = 'labwire: TypeScript is not installed in this folder, so dist/ was not built';
  if (!prepare) {
    console.error(`${why}; run \`npm ci\` here first.`);
    process.exit(1);
  }
  console.warn(`${why}. Install labwire from its packed tarball (\`npm pack\` in a checkout), or run \`npm ci && npm run build\` in ${root}.`);
  process.exit(0);
}

// built beside dist/ and swapped in whole: a labwire command started meanwhile (a test, another
// terminal) sees the old dist/, none (and runs the sources), or the new one, never half of one
const partial = `${root}dist.${process.pid}.partial`;
rmSync(partial, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`, '--outDir', partial, '--emitDeclarationOnly'], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(partial, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
try {
  const { bundle, keepRecentBundles } = await import('./bundle.mjs'); // esbuild: loaded once TypeScript is known to be here
  await bundle(root, partial);
  // the report's viewer script, from the same sources (src/report/bundle.ts reads it when built)
  const { tsImport } = await import('tsx/esm/api');
  const { bundleViewer, PREBUILT_VIEWER } = await tsImport(`${root}src/report/bundle.ts`, import.meta.url);
  writeFileSync(`${partial}/src/report/${PREBUILT_VIEWER}`, await bundleViewer(`${root}src/report/viewer/main.ts`));
  // a command still running from the old dist/ finds its parts; a package carries only its own
  if (!packing) keepRecentBundles(`${root}dist`, partial);
} catch (e) {
  rmSync(partial, { recursive: true, force: true });
  console.error(`labwire: bundling dist/ failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
// the Python bridge's shim (sitecustomize and _labwire) is loaded by the child from beside
// src/pybridge/child.js (the address its bundled code keeps): the build copies it there
cpSync(`${root}src/pybridge/python`, `${partial}/src/pybridge/python`, { recursive: true, filter: (f) => !f.includes('__pycache__') });
rmSync(`${root}dist`, { recursive: true, force: true });
renameSync(partial, `${root}dist`);
