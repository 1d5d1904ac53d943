import type { ReactiveControllerHost } from 'lit';
import type { DecisionTree } from '../../explain/decision-tree';
import { ExplainError, ExplainErrorCode } from '../../explain/explain-errors';
import { loadTree, treeUrl } from '../../explain/load-tree';
import type { ModelManifest } from '../../manifest/manifest-types';

/** Loads the decision tree of the model an element explains, when its manifest names one. */
export class TreeController {
  tree: DecisionTree | undefined;
  error: ExplainError | undefined;
  /** The manifest names a tree file: there is a decision path to show (or to wait for). */
  available = false;

  private readonly host: ReactiveControllerHost;
  private source: { manifest: ModelManifest; modelDirUrl: string } | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  /** Switches to the tree of `manifest`'s model in `modelDirUrl` (nothing when it has none). */
  use(manifest: ModelManifest | undefined, modelDirUrl: string | undefined): void {
    const same = this.source?.manifest === manifest && this.source?.modelDirUrl === modelDirUrl;
    if (same) return;
    this.source = manifest && modelDirUrl ? { manifest, modelDirUrl } : undefined;
    this.tree = undefined;
    this.error = undefined;
    this.available = Boolean(manifest && modelDirUrl && treeUrl(manifest, modelDirUrl));
    if (this.available) this.load();
  }

  /** Fetches the tree again (after a failure). */
  retry(): void {
    if (this.source) this.load();
  }

  private load(): void {
    const source = this.source!;
    this.error = undefined;
    loadTree(source.manifest, source.modelDirUrl).then(
      (tree) => {
        if (this.source !== source) return;
        this.tree = tree;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (this.source !== source) return;
        this.error =
          error instanceof ExplainError
            ? error
            : new ExplainError(ExplainErrorCode.TreeFetchFailed, String(error), { cause: error });
        this.host.requestUpdate();
      },
    );
  }
}
