/** Edit distance, for suggesting what the user probably meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Up to `max` candidates that contain the query or are a few edits away from it, best first. */
export function closeMatches(query: string, candidates: readonly string[], max = 5): string[] {
  const q = query.toLowerCase();
  return candidates
    .map((c) => {
      const lower = c.toLowerCase();
      const score = lower.includes(q) || q.includes(lower) ? 0 : distance(q, lower);
      return { c, score };
    })
    .filter(({ score }) => score <= Math.max(3, Math.floor(q.length / 3)))
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, max)
    .map(({ c }) => c);
}
