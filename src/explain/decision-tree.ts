/**
 * A model directory's tree.json (written by training/export.py from the ONNX graph), checked
 * against the manifest it belongs to before anything is drawn from it.
 */
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { ExplainError, ExplainErrorCode } from './explain-errors';

/** ONNX TreeEnsemble branch modes: the true branch is taken when `value <mode> threshold`. */
export type SplitMode = 'LEQ' | 'LT' | 'GTE' | 'GT' | 'EQ' | 'NEQ';

/** One column of the tree's feature matrix: a number input, or "input is this category" (1 or 0). */
export interface TreeFeature {
  /** scikit-learn's name for the column, e.g. `BP_HIGH` or `Age`. */
  readonly name: string;
  readonly input: string;
  /** For a one-hot column: the category it is 1 for. */
  readonly category?: string;
}

export interface SplitNode {
  readonly id: number;
  /** Index into {@link DecisionTree.features}. */
  readonly feature: number;
  readonly mode: SplitMode;
  /** The threshold, a float32 value exactly as the ONNX model holds it. */
  readonly value: number;
  readonly true: number;
  readonly false: number;
}

export interface LeafNode {
  readonly id: number;
  readonly label: string;
  /** One per class, in the manifest's class order. */
  readonly probabilities: readonly number[];
}

export type TreeNode = SplitNode | LeafNode;

export interface DecisionTree {
  readonly modelSha256: string;
  readonly classes: readonly string[];
  readonly features: readonly TreeFeature[];
  readonly root: number;
  readonly nodes: ReadonlyMap<number, TreeNode>;
}

const MODES: readonly SplitMode[] = ['LEQ', 'LT', 'GTE', 'GT', 'EQ', 'NEQ'];

export function isLeaf(node: TreeNode): node is LeafNode {
  return 'label' in node;
}

/** Does `x` take the split's true branch? Both sides are float32, as in onnxruntime. */
export function takesTrueBranch(mode: SplitMode, x: number, threshold: number): boolean {
  const a = Math.fround(x);
  const t = Math.fround(threshold);
  switch (mode) {
    case 'LEQ':
      return a <= t;
    case 'LT':
      return a < t;
    case 'GTE':
      return a >= t;
    case 'GT':
      return a > t;
    case 'EQ':
      return a === t;
    case 'NEQ':
      return a !== t;
  }
}

function invalid(url: string, what: string): ExplainError {
  return new ExplainError(ExplainErrorCode.TreeInvalid, `${url}: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function readFeature(raw: unknown, i: number, manifest: ModelManifest, url: string): TreeFeature {
  if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.input !== 'string')
    throw invalid(url, `feature ${i} needs a name and an input`);
  const spec = manifest.inputs.find((s) => s.name === raw.input);
  if (!spec) throw invalid(url, `feature ${i} reads "${raw.input}", which the model has no input`);
  if (raw.category === undefined) {
    if (spec.type !== 'number') throw invalid(url, `feature ${i}: "${raw.input}" is no number`);
    return { name: raw.name, input: raw.input };
  }
  if (spec.type !== 'category' || !spec.categories.includes(String(raw.category)))
    throw invalid(url, `feature ${i}: "${String(raw.category)}" is no category of ${raw.input}`);
  return { name: raw.name, input: raw.input, category: String(raw.category) };
}

function readNode(raw: unknown, features: number, classes: number, url: string): TreeNode {
  if (!isRecord(raw) || !isIndex(raw.id)) throw invalid(url, 'every node needs an integer id');
  if (typeof raw.label === 'string') {
    const p = raw.probabilities;
    if (!Array.isArray(p) || p.length !== classes || !p.every((v) => typeof v === 'number'))
      throw invalid(url, `leaf ${raw.id} needs one probability per class`);
    return { id: raw.id, label: raw.label, probabilities: p as number[] };
  }
  const { feature, mode, value } = raw;
  if (!isIndex(feature) || feature >= features)
    throw invalid(url, `node ${raw.id} names no known feature`);
  if (!MODES.includes(mode as SplitMode)) throw invalid(url, `node ${raw.id} has an unknown mode`);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(url, `node ${raw.id} has no threshold`);
  if (!isIndex(raw.true) || !isIndex(raw.false))
    throw invalid(url, `node ${raw.id} needs true and false children`);
  return { id: raw.id, feature, mode: mode as SplitMode, value, true: raw.true, false: raw.false };
}

/** Every node reachable from the root, each once, every child present: no cycle, no dead end. */
function checkShape(nodes: Map<number, TreeNode>, root: number, url: string): void {
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const node = nodes.get(id);
    if (!node) throw invalid(url, `node ${id} is referenced but missing`);
    if (seen.has(id)) throw invalid(url, `node ${id} is reached twice (not a tree)`);
    seen.add(id);
    if (!isLeaf(node)) stack.push(node.true, node.false);
  }
}

/**
 * Reads tree.json for `manifest`'s model.
 * @throws {ExplainError} TREE_INVALID, naming what is wrong, when the file is malformed or was
 * written for another model (its sha256 differs from the manifest's).
 */
export function parseTree(raw: unknown, manifest: ModelManifest, url: string): DecisionTree {
  if (!isRecord(raw) || !Array.isArray(raw.features) || !Array.isArray(raw.nodes))
    throw invalid(url, 'expected an object with features and nodes');
  if (raw.modelSha256 !== manifest.model.sha256)
    throw invalid(url, `written for another model (sha256 ${String(raw.modelSha256)})`);
  // Leaves carry class probabilities: a regression model's tree has nothing this reads.
  if (isRegression(manifest)) throw invalid(url, 'a decision path needs a classification model');
  const classes = manifest.outputs.classes;
  if (!Array.isArray(raw.classes) || raw.classes.join('\n') !== classes.join('\n'))
    throw invalid(url, `classes differ from the manifest's ${classes.join(', ')}`);
  const features = raw.features.map((f, i) => readFeature(f, i, manifest, url));
  const nodes = new Map<number, TreeNode>();
  for (const item of raw.nodes) {
    const node = readNode(item, features.length, classes.length, url);
    if (isLeaf(node) && !classes.includes(node.label))
      throw invalid(url, `leaf ${node.id} predicts an unknown class`);
    nodes.set(node.id, node);
  }
  if (!isIndex(raw.root)) throw invalid(url, 'root must be a node id');
  checkShape(nodes, raw.root, url);
  return { modelSha256: raw.modelSha256, classes, features, root: raw.root, nodes };
}
