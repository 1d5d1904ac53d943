// `npm run bench`: builds the site, runs every benchmark scenario against dist/ served on
// loopback in headless Chromium, prints a Markdown table and writes bench/results.json and
// bench/results.md. Exits non-zero only when a scenario could not run.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { ensureNodeDeps } from '../scripts/ensure-node-deps.mjs';
import { root } from './lib.mjs';

ensureNodeDeps();
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const { printStartup, runStartup } = await import('./startup.mjs');

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, headless Chromium (Debian)`;
const startup = await runStartup();
const markdown = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
  '',
  printStartup(startup),
].join('\n');
writeFileSync(
  new URL('results.json', import.meta.url),
  `${JSON.stringify({ machine, startup }, null, 2)}\n`,
);
writeFileSync(new URL('results.md', import.meta.url), `${markdown}\n`);
console.log(`\n${markdown}`);
