// The shared table of input rules (tests/fixtures/input-rules.json) run against the browser's
// validation. The Python scorer runs the same table, so both sides give the same values and the
// same messages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type RawValue, type RawValues, validateInputs } from '../../src/inputs/validate-inputs';
import type { InputSpec } from '../../src/manifest/manifest-types';

type EncodedRaw =
  | string
  | number
  | boolean
  | null
  | { readonly absent: true }
  | { readonly number: 'NaN' | 'Infinity' | '-Infinity' }
  | { readonly object: true }
  | {
      readonly before?: string;
      readonly repeat: string;
      readonly times: number;
      readonly after?: string;
    };

interface Issue {
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

interface ValueCase {
  readonly input: string;
  readonly raw: EncodedRaw;
  readonly note?: string;
  readonly expect:
    | { readonly value: number | string | null; readonly warning?: string }
    | { readonly issue: Issue };
}

interface RowCase {
  readonly specs: readonly string[];
  readonly row: Readonly<Record<string, string>>;
  readonly note?: string;
  readonly expect:
    | { readonly issues: readonly Issue[] }
    | { readonly values: Readonly<Record<string, number | string | null>>; readonly warnings: [] };
}

interface Table {
  readonly about: string;
  readonly specs: Readonly<Record<string, InputSpec>>;
  readonly cases: readonly ValueCase[];
  readonly rows: readonly RowCase[];
}

const table = JSON.parse(
  readFileSync(new URL('../fixtures/input-rules.json', import.meta.url), 'utf8'),
) as Table;

/** The raw value a case stands for; undefined for a value that is not given at all. */
function decode(raw: EncodedRaw): RawValue | typeof ABSENT {
  if (raw === null || typeof raw !== 'object') return raw as RawValue;
  if ('absent' in raw) return ABSENT;
  if ('number' in raw) return Number(raw.number);
  if ('object' in raw) return {} as unknown as RawValue;
  return `${raw.before ?? ''}${raw.repeat.repeat(raw.times)}${raw.after ?? ''}`;
}
const ABSENT = Symbol('absent');

function label(c: ValueCase): string {
  const raw = JSON.stringify(c.raw);
  return `${c.input} ${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}${c.note ? ` (${c.note})` : ''}`;
}

describe('the shared input-rules table', () => {
  it('covers every kind of outcome', () => {
    const codes = new Set(
      table.cases.flatMap((c) => ('issue' in c.expect ? [c.expect.issue.code] : [])),
    );
    expect([...codes].sort()).toEqual([
      'missing',
      'not-a-number',
      'not-finite',
      'too-large',
      'unknown-category',
    ]);
    expect(table.cases.some((c) => 'warning' in c.expect)).toBe(true);
    expect(table.rows.some((r) => 'issues' in r.expect)).toBe(true);
  });

  it.each(table.cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const spec = table.specs[c.input]!;
    const raw = decode(c.raw);
    const values: RawValues = raw === ABSENT ? {} : { [c.input]: raw };
    const result = validateInputs([spec], values);
    if ('issue' in c.expect) {
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.issues).toEqual([{ field: c.input, ...c.expect.issue }]);
      return;
    }
    expect(result).toEqual({
      ok: true,
      values: { [c.input]: c.expect.value },
      warnings: c.expect.warning
        ? [{ field: c.input, code: 'out-of-range', message: c.expect.warning }]
        : [],
    });
  });

  it.each(table.rows.map((r, i) => [r.note ?? `row ${i + 1}`, r] as const))(
    'a whole row: %s',
    (_, r) => {
      const specs = r.specs.map((name) => table.specs[name]!);
      const result = validateInputs(specs, r.row);
      if ('issues' in r.expect) {
        expect(result.ok ? [] : result.issues).toEqual(r.expect.issues);
      } else {
        expect(result).toEqual({ ok: true, ...r.expect });
      }
    },
  );
});
