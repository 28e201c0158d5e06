/**
 * The error of a scenario that cannot run, on its own so that what only reports it (the
 * CLI's error path, which every command loads) does not load the scenario code and immer.
 */
import type { Issue } from './schema/schema.ts';

/** A scenario that cannot run: `file: path: reason`, one line per problem when there are several. */
export class ScenarioError extends Error {
  readonly issues: readonly Issue[];
  constructor(readonly file: string, readonly path: string, readonly reason: string, issues?: readonly Issue[]) {
    const all = issues?.length ? issues : [{ path, message: reason }];
    super(all.map((i) => `${file}: ${i.path || '(the default export)'}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
    this.issues = all;
  }
}
