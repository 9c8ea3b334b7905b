import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The natsk6 binary under test (make build). */
export const natsk6Bin = process.env.NATSK6_BIN ?? join(repoRoot, 'bin', 'natsk6');
/** Scripts the suites run. */
export const scriptsDir = join(repoRoot, 'js-tests', 'scripts');
/** The repository's examples. */
export const examplesDir = join(repoRoot, 'examples');
/** Scratch space for a run (git-ignored). */
export const tmpRoot = join(repoRoot, 'js-tests', '.tmp');
