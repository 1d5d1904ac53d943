// Fails when a relative link in README.md or docs/ points at nothing: a missing file or folder,
// or a `#fragment` that names no heading of the Markdown file it points into. Run by `npm test`;
// `node scripts/check-links.mjs [files…]` checks other Markdown files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** README.md and every Markdown file under docs/. */
function defaultFiles() {
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk(join(root, 'docs'));
  return files;
}

/** Markdown without its fenced code blocks and inline code, where a `[x](y)` is not a link. */
function prose(text) {
  return text.replace(/^(```|~~~)[^]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline links and images, `<img src>`/`<a href>`, and reference definitions. */
export function linkTargets(text) {
  const body = prose(text);
  return [
    ...[...body.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
      (m) => m[1],
    ),
    ...[...body.matchAll(/<(?:img|a)\s[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]),
    ...[...body.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
  ];
}

/** GitHub's anchors for a Markdown file's headings (duplicates get -1, -2, …). */
export function headingAnchors(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const [, heading] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The problems with one file's relative links, as `file: "target" …` lines. */
export function checkFile(file) {
  const text = readFileSync(file, 'utf8');
  const problems = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // absolute URL
    const [rawPath, fragment] = target.split('#', 2);
    const path = decodeURIComponent(rawPath);
    const resolved = path === '' ? file : resolve(dirname(file), path);
    const where = relative(root, file);
    if (!existsSync(resolved)) {
      problems.push(`${where}: "${target}" — ${relative(root, resolved)} does not exist`);
      continue;
    }
    if (fragment && resolved.endsWith('.md')) {
      const anchors = headingAnchors(readFileSync(resolved, 'utf8'));
      if (!anchors.has(fragment.toLowerCase())) {
        problems.push(
          `${where}: "${target}" — ${relative(root, resolved)} has no heading "#${fragment}"`,
        );
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((f) => resolve(f)) : defaultFiles();
  const problems = files.flatMap(checkFile);
  for (const problem of problems) console.error(problem);
  const links = files.reduce((n, f) => n + linkTargets(readFileSync(f, 'utf8')).length, 0);
  console.log(
    `${files.length} files, ${links} links: ${problems.length === 0 ? 'every relative link resolves' : `${problems.length} broken`}.`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
