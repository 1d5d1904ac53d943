/**
 * The candidate most likely meant by a mistyped `name` (case slips, one or two wrong letters),
 * or undefined when nothing is close enough to be a helpful suggestion.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exactFold = candidates.find((c) => c.toLowerCase() === lower);
  if (exactFold) return exactFold;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  // Beyond a third of the word, a "suggestion" is a guess that misleads more than it helps.
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skipping those keeps a 30 MB column
    // name in a CSV header from costing a 30 MB × name-length table.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
