// Underlines through the CSS Custom Highlight API: the browser paints ranges registered in
// CSS.highlights, so nothing is ever inserted into or changed in the editor's DOM (editors that
// keep their own document model would otherwise fight or save our markup into the mail).
// One Highlight per category, named takt-<category>, styled by ::highlight() rules in
// content.css (and in the shadow root for textarea mirrors).

export const HIGHLIGHT_PREFIX = 'takt-';

export function highlightName(category) {
  return HIGHLIGHT_PREFIX + category;
}

export function highlightsSupported() {
  return typeof CSS !== 'undefined' && CSS.highlights !== undefined && typeof Highlight === 'function';
}

function highlightFor(name) {
  let highlight = CSS.highlights.get(name);
  if (!highlight) {
    highlight = new Highlight();
    CSS.highlights.set(name, highlight);
  }
  return highlight;
}

export class Highlighter {
  constructor() {
    // owner (an editor session) -> [{ name, range }]
    this.entriesByOwner = new Map();
  }

  /**
   * Replaces everything one editor contributes. entries: [{ category, range }]
   * Only the difference reaches CSS.highlights: every change there makes the browser revalidate
   * and repaint all underlines, and most renders (a keystroke away from any finding, a check that
   * found the same) pass the very Range objects already shown (see TextModel.rangeFor).
   */
  show(owner, entries) {
    if (!highlightsSupported()) return;
    const previous = new Map();
    for (const entry of this.entriesByOwner.get(owner) ?? []) previous.set(entry.range, entry);
    const kept = [];
    for (const { category, range } of entries) {
      const name = highlightName(category);
      const shown = previous.get(range);
      if (shown?.name === name) {
        previous.delete(range);
        kept.push(shown);
        // Unless something else took it out of the registry, it is painted already.
        if (!CSS.highlights.get(name)?.has(range)) highlightFor(name).add(range);
        continue;
      }
      highlightFor(name).add(range);
      kept.push({ name, range });
    }
    if (kept.length > 0) this.entriesByOwner.set(owner, kept);
    else this.entriesByOwner.delete(owner);
    this.remove([...previous.values()]);
  }

  clear(owner) {
    const entries = this.entriesByOwner.get(owner);
    if (!entries) return;
    this.entriesByOwner.delete(owner);
    this.remove(entries);
  }

  remove(entries) {
    for (const { name, range } of entries) {
      const highlight = CSS.highlights.get(name);
      if (!highlight) continue;
      highlight.delete(range);
      // An empty registry entry would still be visible to the page; drop it.
      if (highlight.size === 0) CSS.highlights.delete(name);
    }
  }

  clearAll() {
    for (const owner of [...this.entriesByOwner.keys()]) this.clear(owner);
  }
}
