import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Comptoir's package.json, found by walking up from this file: the same
 * answer from src/ (tsx, tests) and from dist/src/ (the build), so migrations/ and the built
 * web apps are found either way.
 */
export const packageRoot: string = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('package.json not found above the code');
    folder = parent;
  }
  return folder;
})();
