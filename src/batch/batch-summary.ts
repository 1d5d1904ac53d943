import type { BatchErrorGroup, BatchSummary } from './batch-types';
import type { RowIssue } from './validate-row';

interface Group {
  readonly reason: string;
  count: number;
  readonly example: string;
  readonly firstRow: number;
}

/** Counts a batch's rows as they are written, in file order: per class, and failures by reason. */
export class BatchTally {
  private rows = 0;
  private scoredRows = 0;
  private readonly byClass = new Map<string, number>();
  private readonly groups = new Map<string, Group>();

  constructor(classes: readonly string[]) {
    for (const c of classes) this.byClass.set(c, 0);
  }

  /** Number of rows counted so far. */
  get count(): number {
    return this.rows;
  }

  scored(label: string): void {
    this.rows++;
    this.scoredRows++;
    this.byClass.set(label, (this.byClass.get(label) ?? 0) + 1);
  }

  failed(issues: readonly RowIssue[]): void {
    this.rows++;
    for (const issue of issues) {
      const group = this.groups.get(issue.reason);
      if (group) group.count++;
      else {
        this.groups.set(issue.reason, {
          reason: issue.reason,
          count: 1,
          example: issue.message,
          firstRow: this.rows,
        });
      }
    }
  }

  summary(delimiter: string, elapsedMs: number): BatchSummary {
    const errors: BatchErrorGroup[] = [...this.groups.values()]
      .map((g) => ({ ...g }))
      .sort((a, b) => b.count - a.count || a.firstRow - b.firstRow);
    return {
      rows: this.rows,
      scored: this.scoredRows,
      failed: this.rows - this.scoredRows,
      byClass: Object.fromEntries(this.byClass),
      errors,
      delimiter,
      elapsedMs,
    };
  }
}
