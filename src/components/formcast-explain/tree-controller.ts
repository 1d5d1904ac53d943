import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DecisionTree } from '../../explain/decision-tree';
import { ExplainError, ExplainErrorCode } from '../../explain/explain-errors';
import { loadTree, treeUrl } from '../../explain/load-tree';
import type { ModelManifest } from '../../manifest/manifest-types';
import { NewestWins } from '../newest-wins';

/** Loads the decision tree of the model an element explains, when its manifest names one. */
export class TreeController implements ReactiveController {
  tree: DecisionTree | undefined;
  error: ExplainError | undefined;
  /** The manifest names a tree file: there is a decision path to show (or to wait for). */
  available = false;

  private readonly host: ReactiveControllerHost;
  private source: { manifest: ModelManifest; modelDirUrl: string } | undefined;
  private readonly newest = new NewestWins();

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // Back in the DOM: fetch what was dropped on leaving it.
    if (this.available && !this.tree && !this.error) this.load();
  }

  hostDisconnected(): void {
    // A detached element shows nothing: a tree arriving now is fetched again on return.
    this.newest.drop();
  }

  /** Switches to the tree of `manifest`'s model in `modelDirUrl` (nothing when it has none). */
  use(manifest: ModelManifest | undefined, modelDirUrl: string | undefined): void {
    const same = this.source?.manifest === manifest && this.source?.modelDirUrl === modelDirUrl;
    if (same) return;
    this.source = manifest && modelDirUrl ? { manifest, modelDirUrl } : undefined;
    this.newest.next();
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
    // A retry loads the same tree: its answer counts as much as the first load's.
    const ticket = this.newest.ticket();
    this.error = undefined;
    loadTree(source.manifest, source.modelDirUrl).then(
      (tree) => {
        if (!ticket.current) return;
        this.tree = tree;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (!ticket.current) return;
        this.error =
          error instanceof ExplainError
            ? error
            : new ExplainError(ExplainErrorCode.TreeFetchFailed, String(error), { cause: error });
        this.host.requestUpdate();
      },
    );
  }
}
