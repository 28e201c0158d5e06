#!/usr/bin/env node
// The labwire command. The installed package (and a built checkout) runs the compiled CLI in
// dist/: no TypeScript at start-up, tsx is loaded only to import a user's .ts scenario. A
// checkout without dist/, or whose dist/ is older than its sources, runs src/ through tsx,
// so an edit is never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

/** The newest modification time of the .ts files under `dir` (0 when there is no such folder). */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true })) {
    if (f.endsWith('.ts')) newest = Math.max(newest, statSync(`${dir}/${f}`).mtimeMs);
  }
  return newest;
}

function distIsCurrent() {
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  // a package has no src/: its dist/ is what was published
  return ['src', 'scenarios'].every((d) => newestSource(`${root}${d}`) <= built);
}

process.env.LABWIRE_CLI = '1';
if (distIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
