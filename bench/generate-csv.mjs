// The benchmarks' CSV files: every row valid, values spread over each input's training range, one
// fixed seed, so every run (and the pandas peer) scores the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SEXES = ['F', 'M'];
const LEVELS = ['HIGH', 'LOW', 'NORMAL'];

function seeded(seed = 42) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

async function writeLines(path, header, rows, line) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < rows;) {
    let chunk = '';
    for (let j = 0; j < 10_000 && i < rows; j++, i++) chunk += `${line()}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** A drug CSV like the tutorials' data (the batch and engines scenarios' file since 11-21). */
export function writeDrugCsv(path, rows) {
  const random = seeded();
  return writeLines(
    path,
    'Age,Sex,BP,Cholesterol,Na_to_K',
    rows,
    () =>
      `${15 + Math.floor(random() * 60)},${SEXES[Math.floor(random() * 2)]},${LEVELS[Math.floor(random() * 3)]},${LEVELS[Math.floor(random() * 2) * 2]},${(6 + random() * 32).toFixed(3)}`,
  );
}

/**
 * A CSV for any model, from its manifest: numbers uniform on their step grid between the
 * training min and max, categories uniform over their values, an optional input empty in one
 * row in twenty. Values repeat as little as the grid allows, so no per-value cache flatters us.
 */
export function writeModelCsv(path, manifest, rows) {
  const random = seeded();
  const cells = manifest.inputs.map((input) => {
    const empty = () => input.optional && random() < 0.05;
    if (input.type === 'category') {
      return () =>
        empty() ? '' : input.categories[Math.floor(random() * input.categories.length)];
    }
    const step = input.step ?? 1;
    const decimals = (String(step).split('.')[1] ?? '').length;
    const span = Math.round((input.max - input.min) / step);
    return () =>
      empty() ? '' : (input.min + Math.floor(random() * (span + 1)) * step).toFixed(decimals);
  });
  const header = manifest.inputs.map((input) => input.name).join(',');
  return writeLines(path, header, rows, () => cells.map((cell) => cell()).join(','));
}
