// A tinypool worker of `labwire run --seeds` (seeds.ts): loads the TypeScript run through tsx,
// as bin/labwire.mjs does for the main thread, and hands tinypool its task function.
import { register } from 'tsx/esm/api';

register();
const { default: runOneSeed } = await import('./seeds-run.ts');
export default runOneSeed;
