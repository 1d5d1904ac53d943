import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankComments, stripStyleComments } from '../../scripts/style-comments.mjs';

const components = join(__dirname, '../../src/components');
const stylesheets = readdirSync(components, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.styles.ts'))
  .map((f) => join(components, f));

describe('style comments stripped from the bundle', () => {
  it('blanks each comment to its own length, newlines kept, rules untouched', () => {
    const code = 'css`\n  /* why,\n     twice */\n  a { color: red; }\n`;';
    const out = blankComments(code);
    expect(out).not.toContain('why');
    expect(out).toHaveLength(code.length);
    expect(out.split('\n')).toHaveLength(code.split('\n').length);
    expect(out).toContain('a { color: red; }');
  });

  it('leaves the components’ stylesheets without a comment, every line where it was', () => {
    expect(stylesheets.length).toBeGreaterThan(5);
    const withComments = stylesheets.filter((f) => readFileSync(f, 'utf8').includes('/*'));
    expect(withComments.length).toBeGreaterThan(0);
    const plugin = stripStyleComments() as {
      transform(code: string, id: string): { code: string } | null;
    };
    for (const file of stylesheets) {
      const code = readFileSync(file, 'utf8');
      const out = plugin.transform(code, file)!.code;
      expect(out, file).not.toMatch(/\/\*|\*\//);
      expect(out.split('\n').map((l) => l.length)).toEqual(code.split('\n').map((l) => l.length));
    }
  });

  it('touches no other module', () => {
    const plugin = stripStyleComments() as { transform(code: string, id: string): unknown };
    expect(plugin.transform('/* kept */ export {};', '/src/main.ts')).toBeNull();
  });
});
