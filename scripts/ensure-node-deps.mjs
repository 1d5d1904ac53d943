// Installs npm dependencies when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with nothing prepared by hand.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}node_modules/.formcast-lock-sha256`;

export function ensureNodeDeps() {
  const lock = readFileSync(`${root}package-lock.json`);
  const want = createHash('sha256').update(lock).digest('hex');
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (have === want && existsSync(`${root}node_modules/.bin/vite`)) return;
  console.log('› Installing npm dependencies from package-lock.json…');
  // Not `npm ci`: the registry reachable here lacks most platform builds of Rollup (pulled in by
  // workbox-build), so the lock omits them and `npm ci` calls it out of sync. `npm install`
  // installs exactly the locked versions and leaves package-lock.json unchanged.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  writeFileSync(stamp, `${want}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureNodeDeps();
