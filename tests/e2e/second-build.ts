import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds "deployment B" for the update test: the same app with a drug model retrained as version
 * 2.0.0 on data where drugA and drugB are swapped, so B's predictions visibly differ from A's.
 * Uses the real training CLI and the real build, into a temporary folder.
 */
export function buildSecondSite(): string {
  const work = mkdtempSync(join(tmpdir(), 'formcast-build-b-'));
  const swap: Record<string, string> = { drugA: 'drugB', drugB: 'drugA' };
  const lines = readFileSync(join(root, 'data/drug200.csv'), 'utf8').trimEnd().split(/\r?\n/);
  const swapped = lines.map((line, i) => {
    if (i === 0) return line;
    const cells = line.split(',');
    cells[cells.length - 1] = swap[cells.at(-1)!] ?? cells.at(-1)!;
    return cells.join(',');
  });
  writeFileSync(join(work, 'drug-swapped.csv'), `${swapped.join('\n')}\n`);
  cpSync(join(root, 'public'), join(work, 'public'), { recursive: true });
  execFileSync(
    'bash',
    [
      'scripts/python.sh',
      '-m',
      'training',
      'train',
      '--model',
      'drug',
      '--data',
      join(work, 'drug-swapped.csv'),
      '--models-dir',
      join(work, 'public/models'),
      '--version',
      '2.0.0',
    ],
    { cwd: root, stdio: 'pipe' },
  );
  execFileSync(
    'npx',
    ['vite', 'build', '--outDir', join(work, 'dist'), '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, FORMCAST_PUBLIC_DIR: join(work, 'public') },
    },
  );
  if (!existsSync(join(work, 'dist/index.html'))) throw new Error('build B produced no index.html');
  return join(work, 'dist');
}

export function removeBuild(dist: string): void {
  rmSync(join(dist, '..'), { recursive: true, force: true });
}
