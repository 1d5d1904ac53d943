import { describe, expect, it } from 'vitest';
import type { FormulaPolicy } from '../../src/csv/write-csv';
import { scoreInParts } from '../../src/batch/score-in-parts';
import { plainNumber } from '../../src/batch/plain-rows';
import { createPartScorer } from '../../src/batch/score-part';
import { fileOf, loadModel, type LoadedTestModel } from '../fixtures/models';

/** Cells that plain text may hold, the awkward ones included. */
const AGES = [
  '23',
  '47',
  '-5',
  '-0',
  '5.',
  '.5',
  '-.5',
  '4.7e1',
  '1234567890123456',
  'abc',
  '',
  ' 47',
  '47 ',
  '=47',
  '+47',
  '@47',
  '-x',
  '\t47',
];
const SEXES = ['F', 'M', 'f', ' M', 'X', '', '-M'];
const LEVELS = ['HIGH', 'LOW', 'NORMAL', 'high', 'Normal', 'VERY HIGH', ''];
const RATIOS = [
  '14.123',
  '7',
  '0.000001',
  '25.3550',
  '123456789012345',
  '1234567890.12345',
  '14,5',
  'NaN',
  'inf',
  '-3.5',
];
const BREAKS = ['\n', '\r\n', '\r'];

function seeded(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A quote-free `,` file of drug rows with every kind of awkward line, from a seed. */
function plainFile(seed: number): string {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const lines = ['id,Age,Sex,BP,Cholesterol,Na_to_K,note'];
  for (let i = 0; i < 60; i++) {
    const roll = random();
    if (roll < 0.05) lines.push('');
    else if (roll < 0.08) lines.push('  ');
    else if (roll < 0.1) lines.push(',,,,,,');
    else if (roll < 0.13) lines.push(`${i},47,F,HIGH`);
    else if (roll < 0.15) lines.push(`${i},47,F,HIGH,HIGH,14,n,extra`);
    else {
      const plain = random() < 0.6;
      lines.push(
        [
          String(i),
          plain ? String(15 + Math.floor(random() * 60)) : pick(AGES),
          plain ? pick(['F', 'M']) : pick(SEXES),
          plain ? pick(['HIGH', 'LOW', 'NORMAL']) : pick(LEVELS),
          plain ? pick(['HIGH', 'NORMAL']) : pick(LEVELS),
          plain ? (6 + random() * 32).toFixed(3) : pick(RATIOS),
          pick(['', 'note', ' spaced ', '=SUM(A1)', '-note', '@x', 'ok']),
        ].join(','),
      );
    }
  }
  let text = lines[0]!;
  for (const line of lines.slice(1)) text += pick(BREAKS) + line;
  return random() < 0.5 ? text + pick(BREAKS) + pick(['', '\n', '\r\n\r\n']) : text;
}

async function score(
  model: LoadedTestModel,
  text: string,
  plainRows: boolean,
  formulas: FormulaPolicy,
) {
  const scorer = createPartScorer(model.manifest, model.runColumns, { plainRows });
  const result = await scoreInParts(
    { file: fileOf(text, 'plain.csv'), fileName: 'plain.csv', formulas },
    [{ ready: Promise.resolve(), scorer }],
    { partBytes: 2000 },
  );
  const { elapsedMs, ...summary } = result.summary;
  expect(elapsedMs).toBeGreaterThanOrEqual(0);
  return { text: await result.output.text(), summary, preview: result.preview };
}

describe('the plain way through quote-free text', () => {
  it(
    'writes what the general way writes, line for line, on awkward files',
    { timeout: 30_000 },
    async () => {
      const model = await loadModel('drug');
      for (let seed = 1; seed <= 10; seed++) {
        const text = plainFile(seed);
        for (const formulas of ['escape', 'keep'] as const) {
          const plain = await score(model, text, true, formulas);
          const general = await score(model, text, false, formulas);
          expect(plain.text, `seed ${seed}, ${formulas}`).toBe(general.text);
          expect(plain.summary).toEqual(general.summary);
          expect(plain.preview).toEqual(general.preview);
        }
      }
    },
  );

  it(
    'writes a boosted model’s answers, nearly all different, as the general way does',
    { timeout: 30_000 },
    async () => {
      // Past SuffixCache's trial (2,048 rows) with few repeated answers, the plain way writes
      // prediction cells as bytes (writeNineDigits); the general way still writes them as text.
      for (const id of ['hr', 'house']) {
        const model = await loadModel(id);
        const { inputs } = model.manifest;
        const random = seeded(5);
        const lines = [inputs.map((input) => input.name).join(',')];
        for (let i = 0; i < 2600; i++) {
          const cells = inputs.map((input) => {
            if (input.type === 'category') {
              return input.categories[Math.floor(random() * input.categories.length)]!;
            }
            const step = input.step ?? 1;
            const span = Math.round((input.max - input.min) / step);
            return String(+(input.min + Math.floor(random() * (span + 1)) * step).toFixed(4));
          });
          lines.push(cells.join(','));
        }
        const text = `${lines.join('\n')}\n`;
        const plain = await score(model, text, true, 'escape');
        const general = await score(model, text, false, 'escape');
        expect(plain.summary).toMatchObject({ rows: 2600, scored: 2600 });
        expect(plain.text === general.text, id).toBe(true);
      }
    },
  );

  it('reads numbers as Number() does and leaves the rest to the form’s rules', async () => {
    const model = await loadModel('house');
    const columns = model.manifest.inputs.map((input) => input.name);
    const row = (lot: string) =>
      model.manifest.inputs
        .map((input) =>
          input.name === 'LotArea'
            ? lot
            : input.type === 'category'
              ? input.categories[0]!
              : String(input.min),
        )
        .join(',');
    const lots = [
      '8450',
      '8450.5',
      '0.1',
      '0.30000000000000004',
      '999999999999999',
      '-0',
      '00012',
      '12.',
      '1e3',
      ' 9 ',
    ];
    const text = [columns.join(','), ...lots.map(row)].join('\n');
    const plain = await score(model, text, true, 'escape');
    const general = await score(model, text, false, 'escape');
    expect(plain.text).toBe(general.text);
    expect(plain.summary).toMatchObject({ rows: lots.length, scored: lots.length });
  });
});

describe('plainNumber', () => {
  it('gives Number() for every plain decimal it takes, and NaN for the others', () => {
    const random = seeded(99);
    const texts = ['0', '-0', '7', '007', '1.', '.5', '-', '', '1.2.3', '12a', '9007199254740993'];
    for (let i = 0; i < 20_000; i++) {
      const whole = String(Math.floor(random() * 10 ** Math.floor(random() * 16)));
      const decimals = Math.floor(random() * 16);
      const fraction = Array.from({ length: decimals }, () => Math.floor(random() * 10)).join('');
      texts.push(`${random() < 0.3 ? '-' : ''}${whole}${decimals ? `.${fraction}` : ''}`);
    }
    const wrong = texts.filter((text) => {
      const value = plainNumber(`,${text},`, 1, text.length + 1);
      const digits = text.replace(/\D/g, '').length;
      const plain = /^-?\d+(\.\d+)?$/.test(text) && digits <= 15;
      return plain ? !Object.is(value, Number(text)) : !Number.isNaN(value);
    });
    expect(wrong).toEqual([]);
  });
});
