// Fails when custom-elements.json (the embedders' API reference) no longer matches the
// components' JSDoc: regenerates it into a temporary folder and compares. Fix: npm run docs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The analyzer resolves --outdir against the working directory: use a git-ignored folder in it.
const relative = '.test-reports/cem';
const out = join(root, relative);
mkdirSync(out, { recursive: true });
try {
  execFileSync('npx', ['cem', 'analyze', '--outdir', relative], { cwd: root, stdio: 'pipe' });
  const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
  const committed = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  if (JSON.stringify(JSON.parse(fresh)) !== JSON.stringify(JSON.parse(committed))) {
    console.error(
      "custom-elements.json is stale: the components' JSDoc changed. Run `npm run docs` and commit it.",
    );
    process.exit(1);
  }
  console.log('custom-elements.json matches the components.');
} finally {
  rmSync(out, { recursive: true, force: true });
}
