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

export class Highlighter {
  constructor() {
    // owner (an editor session) -> [{ name, range }]
    this.entriesByOwner = new Map();
  }

  /** Replaces everything one editor contributes. entries: [{ category, range }] */
  show(owner, entries) {
    if (!highlightsSupported()) return;
    this.clear(owner);
    const added = [];
    for (const { category, range } of entries) {
      const name = highlightName(category);
      let highlight = CSS.highlights.get(name);
      if (!highlight) {
        highlight = new Highlight();
        CSS.highlights.set(name, highlight);
      }
      highlight.add(range);
      added.push({ name, range });
    }
    if (added.length > 0) this.entriesByOwner.set(owner, added);
  }

  clear(owner) {
    const entries = this.entriesByOwner.get(owner);
    if (!entries) return;
    this.entriesByOwner.delete(owner);
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
