import { html, type TemplateResult } from 'lit';
import type { CategoryOutcomes } from '../../explain/what-if-curves';
import { describeCategories } from '../../explain/what-if-summary';
import { categoryLabel, classLabel, type ModelManifest } from '../../manifest/manifest-types';
import { formatProbability } from '../formcast-result/formcast-result.component';

/**
 * What the prediction would be with each other category of each category input: a sentence per
 * input, and a table (current category marked, a changed prediction in bold).
 */
export function renderCategoryOutcomes(
  manifest: ModelManifest,
  lists: readonly CategoryOutcomes[],
): TemplateResult {
  const classes = manifest.outputs.classes;
  return html`<div class="categories">
    <ul class="sentences" data-testid="category-summary">
      ${lists.map((list) => html`<li>${describeCategories(list, manifest)}</li>`)}
    </ul>
    <table>
      <caption>
        The prediction with each category, the other inputs held
      </caption>
      <thead>
        <tr>
          <th scope="col">Input</th>
          <th scope="col">Category</th>
          <th scope="col">Prediction</th>
        </tr>
      </thead>
      <tbody>
        ${lists.map((list) => {
          const current = list.outcomes.find((o) => o.current)!;
          return list.outcomes.map((o) => {
            const changed = o.label !== current.label;
            const p = o.probabilities[classes.indexOf(o.label)] ?? 0;
            return html`<tr
              class=${o.current ? 'current' : changed ? 'changed' : ''}
              data-input=${list.spec.name}
              data-category=${o.category}
              data-label=${o.label}
            >
              <th scope="row">${list.spec.label}</th>
              <td>${categoryLabel(list.spec, o.category)}${o.current ? ' (current)' : ''}</td>
              <td data-value=${p}>${classLabel(manifest, o.label)}, ${formatProbability(p)}</td>
            </tr>`;
          });
        })}
      </tbody>
    </table>
  </div>`;
}
