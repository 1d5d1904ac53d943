/**
 * The path one input takes through a decision tree, in words, and the nearest threshold along it
 * whose crossing would change the outcome. Pure: the tree comes from tree.json, the values are
 * the ones the model received.
 */
import type { ModelValues } from '../inputs/validate-inputs';
import type { ModelManifest, NumberInputSpec } from '../manifest/manifest-types';
import {
  type DecisionTree,
  isLeaf,
  type LeafNode,
  type SplitMode,
  type SplitNode,
  takesTrueBranch,
  type TreeFeature,
} from './decision-tree';
import { formatThreshold, holds, type Relation, roundTo, stepDecimals } from '../format/format';

export interface PathStep {
  readonly node: SplitNode;
  readonly feature: TreeFeature;
  /** The value the input had (a number, or the category for a one-hot column). */
  readonly value: number | string;
  /** Whether the split's true branch was taken. */
  readonly tookTrue: boolean;
}

export interface DecisionPath {
  readonly steps: readonly PathStep[];
  readonly leaf: LeafNode;
}

/** The column's value in the tree's feature matrix: 1 or 0 for a category, else the number. */
function featureValue(feature: TreeFeature, values: ModelValues): number {
  const value = values[feature.input];
  if (feature.category !== undefined) return value === feature.category ? 1 : 0;
  return Number(value);
}

/** Walks `values` from the root to a leaf, comparing in float32 as onnxruntime does. */
export function walkTree(tree: DecisionTree, values: ModelValues): DecisionPath {
  const steps: PathStep[] = [];
  let node = tree.nodes.get(tree.root)!;
  // parseTree checked the shape, so this ends; the bound guards a hand-made tree in a test.
  for (let hops = 0; !isLeaf(node) && hops <= tree.nodes.size; hops++) {
    const feature = tree.features[node.feature]!;
    const tookTrue = takesTrueBranch(node.mode, featureValue(feature, values), node.value);
    steps.push({ node, feature, value: values[feature.input]!, tookTrue });
    node = tree.nodes.get(tookTrue ? node.true : node.false)!;
  }
  if (!isLeaf(node)) throw new Error('the tree has a cycle');
  return { steps, leaf: node };
}

const HOLDS: Record<SplitMode, Relation> = {
  LEQ: '≤',
  LT: '<',
  GTE: '≥',
  GT: '>',
  EQ: '=',
  NEQ: '≠',
};
const FAILS: Record<SplitMode, Relation> = {
  LEQ: '>',
  LT: '≥',
  GTE: '<',
  GT: '≤',
  EQ: '≠',
  NEQ: '=',
};

/** The comparison a step's value satisfied, as it reads: `≤` for a taken LEQ, `>` otherwise. */
export function stepRelation(step: PathStep): Relation {
  return (step.tookTrue ? HOLDS : FAILS)[step.node.mode];
}

/** What one step says, in parts a template can lay out; `text` is the plain-words version. */
export interface StepWords {
  readonly input: string;
  readonly label: string;
  readonly text: string;
}

/**
 * One step in words: `Na_to_K = 14 ≤ 14.83` for a number, `BP = HIGH` or `BP = LOW, not HIGH`
 * for a category column. Labels and category names come from the manifest.
 */
export function describeStep(step: PathStep, manifest: ModelManifest): StepWords {
  const spec = manifest.inputs.find((s) => s.name === step.feature.input)!;
  const label = spec.label;
  if (spec.type === 'category') {
    const name = (c: string) => spec.categoryLabels?.[c] ?? c;
    const value = String(step.value);
    const tested = step.feature.category!;
    const text =
      value === tested
        ? `${label} = ${name(value)}`
        : `${label} = ${name(value)}, not ${name(tested)}`;
    return { input: spec.name, label, text };
  }
  const x = Number(step.value);
  const relation = stepRelation(step);
  const threshold = formatThreshold(step.node.value, [{ x, relation }]);
  // A value within float32 rounding of the threshold is compared as its float32; say so.
  const shown = holds(x, relation, Number(threshold))
    ? `${x}`
    : `${x} (${Math.fround(x)} as float32)`;
  return { input: spec.name, label, text: `${label} = ${shown} ${relation} ${threshold}` };
}

/** A threshold on the path whose crossing alone would change the prediction. */
export interface Crossing {
  readonly step: PathStep;
  readonly spec: NumberInputSpec;
  /** The input's current value. */
  readonly from: number;
  /** The nearest value on the input's step grid just across the threshold. */
  readonly to: number;
  /** The threshold, short but with `from` and `to` reading on their own sides of it. */
  readonly threshold: string;
  /** `>` when the value would have to rise above the threshold, `≤` (etc.) when to fall. */
  readonly relation: Relation;
  /** The prediction at `to`. */
  readonly leaf: LeafNode;
  /** |to − from| as a share of the input's training range: how far, comparable across inputs. */
  readonly distance: number;
}

/** The grid value nearest across the split from `x`: a value a user could type. */
function justAcross(step: PathStep, spec: NumberInputSpec): number | undefined {
  const { mode, value: t } = step.node;
  if (mode === 'EQ' || mode === 'NEQ') return undefined;
  const decimals = stepDecimals(spec.step);
  const onGrid = (v: number) => roundTo(v, decimals);
  // Which way leaves the current side: a small value (≤, <) taken true must rise, and so on.
  const smallSideTrue = mode === 'LEQ' || mode === 'LT';
  const rise = smallSideTrue === step.tookTrue;
  let to = onGrid(
    rise ? Math.ceil(t / spec.step) * spec.step : Math.floor(t / spec.step) * spec.step,
  );
  // Float32 may put the first grid value on the threshold itself; a few steps settle it.
  for (let i = 0; i < 4 && takesTrueBranch(mode, to, t) === step.tookTrue; i++)
    to = onGrid(to + (rise ? spec.step : -spec.step));
  if (takesTrueBranch(mode, to, t) === step.tookTrue) return undefined;
  return to;
}

/**
 * For each number threshold on the path, the value just across it and the prediction there (a
 * full walk, so deeper splits are honoured); the nearest one that changes the predicted label,
 * by share of the training range, or undefined when no single crossing does.
 */
export function nearestCrossing(
  tree: DecisionTree,
  manifest: ModelManifest,
  values: ModelValues,
  path: DecisionPath = walkTree(tree, values),
): Crossing | undefined {
  let best: Crossing | undefined;
  for (const step of path.steps) {
    const spec = manifest.inputs.find((s) => s.name === step.feature.input);
    if (spec?.type !== 'number' || step.feature.category !== undefined) continue;
    const to = justAcross(step, spec);
    if (to === undefined) continue;
    const leaf = walkTree(tree, { ...values, [spec.name]: to }).leaf;
    if (leaf.label === path.leaf.label) continue;
    const from = Number(step.value);
    const distance = Math.abs(to - from) / (spec.max - spec.min || 1);
    if (best && best.distance <= distance) continue;
    const here = stepRelation(step);
    const there = (step.tookTrue ? FAILS : HOLDS)[step.node.mode];
    const threshold = formatThreshold(step.node.value, [
      { x: from, relation: here },
      { x: to, relation: there },
    ]);
    best = { step, spec, from, to, threshold, relation: there, leaf, distance };
  }
  return best;
}
