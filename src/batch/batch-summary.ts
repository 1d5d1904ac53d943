import type { BatchErrorGroup, BatchSummary, TallyState } from './batch-types';
import type { RowIssue } from './validate-columns';

interface Group {
  readonly reason: string;
  count: number;
  readonly example: string;
  readonly firstRow: number;
}

/**
 * Counts a batch's rows as they are written, in file order: per class, and failures by reason.
 * Each part of a file is counted on its own (in a worker) and the parts' counts are merged in
 * file order, which gives the same figures as counting the whole file at once.
 */
export class BatchTally {
  private rows = 0;
  private scoredRows = 0;
  // Parallel arrays scanned with ===, not a Map: labels arrive as fresh strings from the model, and
  // hashing one per row cost more than comparing it with a handful of class names.
  private readonly labels: string[];
  private readonly counts: number[];
  private readonly groups = new Map<string, Group>();

  // Regression: running figures of the predicted values instead of class counts.
  private readonly values: { min: number; max: number; sum: number } | null;

  /** `classes` null: a regression model, whose values are summarised instead. */
  constructor(classes: readonly string[] | null) {
    this.labels = [...(classes ?? [])];
    this.counts = this.labels.map(() => 0);
    this.values = classes ? null : { min: Infinity, max: -Infinity, sum: 0 };
  }

  /** Number of rows counted so far. */
  get count(): number {
    return this.rows;
  }

  scored(label: string): void {
    this.rows++;
    this.scoredRows++;
    const i = this.labels.indexOf(label);
    if (i >= 0) this.counts[i]!++;
    else {
      this.labels.push(label);
      this.counts.push(1);
    }
  }

  scoredValue(value: number): void {
    this.rows++;
    this.scoredRows++;
    const v = this.values!;
    if (value < v.min) v.min = value;
    if (value > v.max) v.max = value;
    v.sum += value;
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

  /** The counts as plain data, to cross from a worker; first rows are 1-based within the part. */
  state(): TallyState {
    return {
      rows: this.rows,
      scored: this.scoredRows,
      labels: [...this.labels],
      counts: [...this.counts],
      values: this.values && { ...this.values },
      groups: [...this.groups.values()].map((g) => ({ ...g })),
    };
  }

  /** Adds a later part's counts; `rowsBefore` rows of the file precede that part. */
  merge(part: TallyState, rowsBefore: number): void {
    this.rows += part.rows;
    this.scoredRows += part.scored;
    part.labels.forEach((label, i) => {
      const at = this.labels.indexOf(label);
      if (at >= 0) this.counts[at]! += part.counts[i]!;
      else {
        this.labels.push(label);
        this.counts.push(part.counts[i]!);
      }
    });
    if (this.values && part.values) {
      this.values.min = Math.min(this.values.min, part.values.min);
      this.values.max = Math.max(this.values.max, part.values.max);
      this.values.sum += part.values.sum;
    }
    for (const group of part.groups) {
      const known = this.groups.get(group.reason);
      if (known) known.count += group.count;
      else this.groups.set(group.reason, { ...group, firstRow: rowsBefore + group.firstRow });
    }
  }

  summary(delimiter: string, elapsedMs: number): Omit<BatchSummary, 'replacedColumns'> {
    const errors: BatchErrorGroup[] = [...this.groups.values()]
      .map((g) => ({ ...g }))
      .sort((a, b) => b.count - a.count || a.firstRow - b.firstRow);
    return {
      rows: this.rows,
      scored: this.scoredRows,
      failed: this.rows - this.scoredRows,
      byClass: Object.fromEntries(this.labels.map((label, i) => [label, this.counts[i]!])),
      ...(this.values && this.scoredRows > 0
        ? {
            values: {
              min: this.values.min,
              max: this.values.max,
              mean: this.values.sum / this.scoredRows,
            },
          }
        : {}),
      errors,
      delimiter,
      elapsedMs,
    };
  }
}
