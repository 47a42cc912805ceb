// Plain text of a contenteditable editor, as the engine sees it, plus the way back from text offsets
// to DOM positions. Block elements and <br> become line breaks, text split across many text nodes
// (editors do that constantly) reads as one string, and every text character maps 1:1 to a
// character of a text node so offsets survive the round trip.
//
// Quoted history and signatures are left out: a phrase the customer wrote in the quoted mail, or a
// line of the signature, is not the writer's to fix.

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul',
]);

// Elements whose content is never prose.
const SKIPPED_ELEMENTS = new Set([
  'audio', 'button', 'canvas', 'iframe', 'img', 'noscript', 'object', 'script', 'select', 'style',
  'svg', 'template', 'textarea', 'video',
]);

// Subtrees that belong to someone else or are boilerplate: Gmail's quoted reply and signature,
// Outlook's signature, and the cite blockquotes other mail clients use for quotes.
export const EXCLUDED_SUBTREE_SELECTOR = [
  '.gmail_quote',
  '.gmail_quote_container',
  '.gmail_signature',
  '.gmail_signature_prefix',
  'blockquote[type="cite"]',
  '[id="Signature"]',
  '[id$="_Signature"]',
  '.moz-signature',
  '.moz-cite-prefix',
].join(',');

// Outlook inserts these before the quoted mail; everything from them to the end is history.
export const QUOTED_HISTORY_START_SELECTOR = '[id$="appendonsend"], [id$="divRplyFwdMsg"]';

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function preservesLineBreaks(element) {
  const whiteSpace = element.ownerDocument.defaultView?.getComputedStyle(element).whiteSpace ?? '';
  return whiteSpace.startsWith('pre') || whiteSpace === 'break-spaces';
}

export function buildTextModel(root) {
  const keepLineBreaks = preservesLineBreaks(root);
  const segments = [];
  const segmentByNode = new Map();
  // Text is collected in pieces and joined once: asking a string built by += for its last
  // character flattens it every time, which made each read quadratic in the mail's length.
  const pieces = [];
  let length = 0;
  let endsWithLineBreak = false;
  let reachedQuotedHistory = false;

  const append = (piece) => {
    pieces.push(piece);
    length += piece.length;
    endsWithLineBreak = piece.endsWith('\n');
  };

  const ensureLineBreak = () => {
    if (length > 0 && !endsWithLineBreak) append('\n');
  };

  const visit = (node) => {
    if (reachedQuotedHistory) return;
    if (node.nodeType === TEXT_NODE) {
      const data = node.data;
      if (data.length === 0) return;
      const segment = { node, start: length, end: length + data.length };
      segments.push(segment);
      segmentByNode.set(node, segment);
      // Same length replacements only, so offsets stay 1:1 with the node's characters.
      append(keepLineBreaks ? data.replace(/\u00a0/g, ' ') : data.replace(/[\u00a0\n\r\t]/g, ' '));
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.localName;
    if (node.matches(QUOTED_HISTORY_START_SELECTOR)) {
      reachedQuotedHistory = true;
      return;
    }
    if (name === 'br') {
      append('\n');
      return;
    }
    if (SKIPPED_ELEMENTS.has(name) || node.matches(EXCLUDED_SUBTREE_SELECTOR)) {
      // Keep the surrounding sentences apart so they are not read as one.
      ensureLineBreak();
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(name);
    if (isBlock) ensureLineBreak();
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
    if (isBlock) ensureLineBreak();
  };

  for (let child = root.firstChild; child; child = child.nextSibling) visit(child);
  const text = pieces.join('');
  return new TextModel(root, text, segments, segmentByNode);
}

class TextModel {
  constructor(root, text, segments, segmentByNode) {
    this.root = root;
    this.text = text;
    this.segments = segments;
    this.segmentByNode = segmentByNode;
  }

  /** Index of the last segment starting at or before offset, or -1. */
  segmentIndexBefore(offset) {
    let low = 0;
    let high = this.segments.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.segments[middle].start <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /**
   * DOM position for a text offset. A range start prefers the following text node, a range end
   * the preceding one, so a range never spills into a neighbouring node or line break.
   */
  positionAt(offset, edge) {
    const index = this.segmentIndexBefore(offset);
    const segment = this.segments[index];
    if (edge === 'start') {
      if (segment && offset < segment.end) return { node: segment.node, offset: offset - segment.start };
      const next = this.segments[index + 1];
      return next ? { node: next.node, offset: 0 } : null;
    }
    if (segment && offset <= segment.end) {
      if (offset === segment.start && index > 0 && this.segments[index - 1].end === offset) {
        const previous = this.segments[index - 1];
        return { node: previous.node, offset: previous.end - previous.start };
      }
      return { node: segment.node, offset: offset - segment.start };
    }
    return segment ? { node: segment.node, offset: segment.end - segment.start } : null;
  }

  /**
   * A Range for text offsets, or null. `reusable` (a Range built earlier for the same finding) is
   * returned when it still has exactly these boundaries: the browser keeps every live Range up to
   * date on each edit until it is garbage-collected, so new ones per keystroke would slow typing.
   */
  rangeFor(start, end, reusable = null) {
    if (!(start < end)) return null;
    const from = this.positionAt(start, 'start');
    const to = this.positionAt(end, 'end');
    if (!from || !to || !from.node.isConnected || !to.node.isConnected) return null;
    if (
      reusable &&
      !reusable.collapsed &&
      reusable.startContainer === from.node &&
      reusable.startOffset === from.offset &&
      reusable.endContainer === to.node &&
      reusable.endOffset === to.offset
    ) {
      return reusable;
    }
    const range = this.root.ownerDocument.createRange();
    try {
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
    } catch {
      return null;
    }
    return range.collapsed ? null : range;
  }

  /** Text offset for a DOM position (for example the caret), or null outside the checked text. */
  offsetAt(container, offsetInContainer) {
    if (container.nodeType === TEXT_NODE) {
      // A text node without a segment sits in a quote or signature.
      const segment = this.segmentByNode.get(container);
      return segment ? segment.start + Math.min(offsetInContainer, segment.end - segment.start) : null;
    }
    if (!this.root.contains(container)) return null;
    const boundary = this.root.ownerDocument.createRange();
    try {
      boundary.setStart(container, offsetInContainer);
    } catch {
      return null;
    }
    // First text node at or after the position.
    let low = 0;
    let high = this.segments.length - 1;
    let found = this.segments.length;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (boundary.comparePoint(this.segments[middle].node, 0) >= 0) {
        found = middle;
        high = middle - 1;
      } else {
        low = middle + 1;
      }
    }
    return found < this.segments.length ? this.segments[found].start : this.text.length;
  }
}
