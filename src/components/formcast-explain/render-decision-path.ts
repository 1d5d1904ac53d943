import { html, type TemplateResult } from 'lit';
import { describeStep, nearestCrossing, walkTree } from '../../explain/decision-path';
import type { DecisionTree } from '../../explain/decision-tree';
import type { ExplainError } from '../../explain/explain-errors';
import type { ModelValue, ModelValues } from '../../inputs/validate-inputs';
import { type ClassificationManifest, classLabel } from '../../manifest/manifest-types';
import { own, setOwn } from '../../manifest/records';

export interface PathView {
  readonly manifest: ClassificationManifest;
  readonly values: ModelValues;
  readonly tree: DecisionTree | undefined;
  readonly error: ExplainError | undefined;
  readonly onRetry: () => void;
}

/** The closest threshold whose crossing alone changes the outcome, named with value and result. */
function renderCrossing(view: PathView, tree: DecisionTree, leafLabel: string) {
  const crossing = nearestCrossing(tree, view.manifest, view.values);
  if (!crossing) {
    return html`<p class="callout" data-testid="nearest-threshold">
      No single threshold on this path changes the prediction when crossed.
    </p>`;
  }
  const { spec, from, to, threshold, relation, leaf } = crossing;
  // "14.829 ratio" reads oddly: name the unit only when the label does not already.
  const unit =
    spec.unit && !spec.label.toLowerCase().includes(spec.unit.toLowerCase()) ? ` ${spec.unit}` : '';
  return html`<p
    class="callout"
    data-testid="nearest-threshold"
    data-input=${spec.name}
    data-to=${to}
    data-label=${leaf.label}
  >
    <strong>Nearest threshold:</strong> ${spec.label} ${relation} ${threshold}. At ${to}${unit}
    instead of ${from}, the prediction would be ${classLabel(view.manifest, leaf.label)} instead of
    ${classLabel(view.manifest, leafLabel)}.
  </p>`;
}

/**
 * The values as the tree sees them: an optional input left empty has been replaced by the
 * pipeline's imputer before the tree, with the value the manifest records.
 */
function imputed(manifest: ClassificationManifest, values: ModelValues): ModelValues {
  const filled: Record<string, ModelValue> = { ...values };
  for (const spec of manifest.inputs)
    if (own(filled, spec.name) === null && spec.missing)
      setOwn(filled, spec.name, spec.missing.value);
  return filled;
}

/**
 * The path the current values take through the tree, one step per split with the threshold
 * that decided it, then the leaf; and the nearest threshold that would change the outcome.
 */
export function renderDecisionPath(pathView: PathView): TemplateResult {
  const view = { ...pathView, values: imputed(pathView.manifest, pathView.values) };
  const { tree, error, manifest } = view;
  let body: unknown;
  if (error) {
    body = html`<div class="problem" role="alert" data-code=${error.code}>
      <p>The decision path could not be shown: ${error.message}</p>
      <button type="button" @click=${view.onRetry}>Try again</button>
    </div>`;
  } else if (!tree) {
    body = html`<p class="muted">Loading the decision tree…</p>`;
  } else {
    const path = walkTree(tree, view.values);
    body = html`<ol class="steps" data-testid="decision-path">
        ${path.steps.map((step) => {
          const words = describeStep(step, manifest);
          return html`<li data-input=${words.input} data-node=${step.node.id}>
            <span class="chip">${words.text}</span>
          </li>`;
        })}
        <li class="leaf" data-label=${path.leaf.label}>
          <span class="chip">${classLabel(manifest, path.leaf.label)}</span>
        </li>
      </ol>
      ${renderCrossing(view, tree, path.leaf.label)}`;
  }
  return html`<section class="part" aria-labelledby="path-title">
    <p class="part-title" id="path-title">Decision path</p>
    <p class="muted small">
      The splits of the model’s decision tree this input passed, with the threshold that decided
      each.
    </p>
    ${body}
  </section>`;
}
