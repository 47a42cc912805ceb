// Builds the "improved text" of the quick check: every finding's first suggestion applied. When
// two findings overlap (a phrase inside a sentence another rule rewrites as a whole), only the
// wider rewrite is applied: it replaces the other phrase too, and the narrower one's offsets
// would point into text that no longer exists.

export function applyFirstSuggestions(text, findings) {
  const candidates = findings
    .filter((finding) => Array.isArray(finding.suggestions) && finding.suggestions.length > 0)
    .map((finding) => ({ start: finding.replaceStart, end: finding.replaceEnd, text: finding.suggestions[0] }))
    .filter((edit) => edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length)
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen = [];
  for (const edit of candidates) {
    if (chosen.every((other) => edit.end <= other.start || edit.start >= other.end)) chosen.push(edit);
  }
  chosen.sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const edit of chosen) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}
