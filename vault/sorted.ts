// Binary search over ascending offsets: the parse asks it for every `[[`, every paragraph chunk and
// every token offset of a cut body, so it is written once here.

/** How many of the ascending numbers in `sorted` are below `value` (the index of the first at or above it). */
export function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
