#!/usr/bin/env node
// The labwire command. The installed package (and a built checkout) runs the compiled CLI in
// dist/: no TypeScript at start-up, tsx is loaded only to import a user's .ts scenario. A
// checkout without dist/, or whose dist/ is older than its sources, runs src/ through tsx,
// so an edit is never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = new URL('../dist/src/cli/process.js', import.meta.url);

/** The newest modification time of the .ts files under `dir` (0 when there is no such folder). */
function newestSource(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  // the entries' types come with the listing: only the .ts files are stat'ed (a few ms for all)
  let newest = 0;
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsCurrent() {
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  // a package has no src/: its dist/ is what was published
  return ['src', 'scenarios'].every((d) => newestSource(`${root}${d}`) <= built);
}

if (distIsCurrent()) {
  await (await import(compiled.href)).runAsProcess();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await (await import('../src/cli/process.ts')).runAsProcess();
}
