// The repository's root folder, found from this module's own location, so a path to a checked-in file
// (README.md, test/fixtures/...) resolves the same whether the tests run compiled from dist/test/ or not.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: URL): URL {
  for (let dir = new URL('./', start); ; dir = new URL('../', dir)) {
    const manifest = new URL('package.json', dir);
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'azops-mcp') return dir;
    if (new URL('../', dir).href === dir.href) throw new Error(`no azops-mcp package.json above ${fileURLToPath(start)}`);
  }
}

/** file: URL of the repository root, ending in a slash. */
export const REPO_ROOT: URL = findRepoRoot(new URL(import.meta.url));

/** Microsoft's x-ms-examples copied from azure-rest-api-specs (see the folder's README.md). */
export const REST_EXAMPLES_DIR: URL = new URL('test/fixtures/azure-rest-examples/', REPO_ROOT);
