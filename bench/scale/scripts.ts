import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// The children are compiled JavaScript: beside this file in dist/, or dist's when run from sources.
const compiled = here.includes(`${sep}dist${sep}`) ? here : join(here, '../../dist/bench/scale');

/** The path of a scale bench child script (`build.js`, `measure.js`, …) to run with node. */
export const scaleScript = (name: string): string => join(compiled, name);
