// `npm start`: install what is missing, build the site, serve it on http://localhost:4173/.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureNodeDeps } from './ensure-node-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureNodeDeps();
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const port = process.env.PORT ?? '4173';
console.log(`\nFormcast is being served at http://localhost:${port}/ (Ctrl+C stops it).\n`);
const server = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], {
  cwd: root,
  stdio: 'inherit',
});
server.on('exit', (code) => process.exit(code ?? 0));
