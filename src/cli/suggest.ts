/**
 * The candidate nearest to what was typed, for a "did you mean" hint: the one with the smallest
 * edit distance, if that distance is small for the word's length (at most 2, or a third of the
 * longer word), or else the only candidate that starts with what was typed.
 * @param typed - what the user wrote, e.g. `creat-chat`
 * @param candidates - the valid words, e.g. every command name
 * @returns the suggestion, or `undefined` when nothing is close
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate);
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best !== undefined) {
    const limit = Math.max(2, Math.floor(Math.max(typed.length, best.candidate.length) / 3));
    if (best.distance <= limit) return best.candidate;
  }
  const prefixed = typed.length >= 3 ? candidates.filter((c) => c.startsWith(typed)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
