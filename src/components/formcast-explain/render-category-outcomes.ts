import { html, nothing, type TemplateResult } from 'lit';
import type { CategoryOutcome, CategoryOutcomes } from '../../explain/what-if-curves';
import type { ChartModel } from '../../explain/what-if-series';
import { categoryName, describeCategories, isValueOutcome } from '../../explain/what-if-summary';
import type { ModelManifest } from '../../manifest/manifest-types';
import { formatProbability } from '../../format/format';

/** `+$12,000`, `−$3,500`, `±$0`: a value's difference from the current prediction. */
function signed(chart: ChartModel, difference: number): string {
  const text = chart.y.format(Math.abs(difference));
  if (text === chart.y.format(0)) return `±${text}`;
  return `${difference > 0 ? '+' : '−'}${text}`;
}

/** Column headers after Input and Category, per task. */
function headers(chart: ChartModel): string[] {
  if (chart.kind === 'value') return [chart.series[0]!.name, 'Change'];
  return chart.series.length > 1 ? ['Prediction'] : ['Prediction', chart.series[0]!.name];
}

function cells(chart: ChartModel, o: CategoryOutcome, current: CategoryOutcome) {
  if (isValueOutcome(o) && isValueOutcome(current)) {
    return html`<td data-value=${o.value}>${chart.describe(o)}</td>
      <td>${signed(chart, o.value - current.value)}</td>`;
  }
  // Several classes: the predicted one's probability; binary: the headline probability.
  const p = chart.series[chart.series.length > 1 ? chart.marked(o) : 0]!.read(o);
  return chart.series.length > 1
    ? html`<td data-value=${p}>${chart.describe(o)}, ${formatProbability(p)}</td>`
    : html`<td>${chart.describe(o)}</td>
        <td data-value=${p}>${formatProbability(p)}</td>`;
}

/**
 * What the prediction would be with each other category of each category input (and left
 * empty, for an optional one): a sentence per input, and a table (current category marked, a
 * changed prediction in bold).
 */
export function renderCategoryOutcomes(
  manifest: ModelManifest,
  chart: ChartModel,
  lists: readonly CategoryOutcomes[],
): TemplateResult {
  return html`<div class="categories">
    <ul class="sentences" data-testid="category-summary">
      ${lists.map((list) => html`<li>${describeCategories(list, manifest)}</li>`)}
    </ul>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Data: categories">
      <table>
        <caption>
          The prediction with each category, the other inputs held
        </caption>
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col">Category</th>
            ${headers(chart).map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        ${lists.map((list) => {
          const current = list.outcomes.find((o) => o.current)!;
          // One row group per input, its name once (rowspan) rather than on every row.
          return html`<tbody>
            ${list.outcomes.map((o, i) => {
              const changed = chart.describe(o) !== chart.describe(current);
              return html`<tr
                class=${o.current ? 'current' : changed ? 'changed' : ''}
                data-input=${list.spec.name}
                data-category=${o.category ?? ''}
                data-label=${'label' in o ? o.label : nothing}
              >
                ${
                  i === 0
                    ? html`<th scope="rowgroup" rowspan=${list.outcomes.length}>
                        ${list.spec.label}
                      </th>`
                    : nothing
                }
                <td>${categoryName(list.spec, o.category)}${o.current ? ' (current)' : ''}</td>
                ${cells(chart, o, current)}
              </tr>`;
            })}
          </tbody>`;
        })}
      </table>
    </div>
  </div>`;
}
