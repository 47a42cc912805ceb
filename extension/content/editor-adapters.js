// One interface over the two kinds of editors Takt reads: contenteditable elements (Gmail,
// Outlook, most rich editors) and textareas. Each adapter turns the editor into text plus a way
// to build ranges for that text, reports the caret as a text offset, and tells when the content
// changed.

import { buildTextModel } from './text-model.js';
import { getUiRoot } from './ui-root.js';
import { oncePerFrame } from './once-per-frame.js';

export function createAdapter(element) {
  return element.localName === 'textarea' ? new TextareaAdapter(element) : new ContentEditableAdapter(element);
}

class ContentEditableAdapter {
  constructor(element) {
    this.kind = 'contenteditable';
    this.element = element;
    this.observer = null;
  }

  readModel() {
    return buildTextModel(this.element);
  }

  selection() {
    return this.element.ownerDocument.getSelection();
  }

  /** The caret (selection focus) as a text offset, or null when the caret is not in here. */
  caretOffset(model) {
    const selection = this.selection();
    if (!selection || selection.rangeCount === 0 || !this.element.contains(selection.focusNode)) return null;
    return model.offsetAt(selection.focusNode, selection.focusOffset);
  }

  saveSelection() {
    const selection = this.selection();
    if (!selection || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    return this.element.contains(range.startContainer) ? range.cloneRange() : null;
  }

  restoreSelection(saved) {
    this.element.focus({ preventScroll: true });
    if (!saved || !saved.startContainer.isConnected) return;
    const selection = this.selection();
    selection.removeAllRanges();
    selection.addRange(saved);
  }

  /** Mutations cover typing as well as changes that fire no input event (an editor's own undo). */
  observe(onChange) {
    this.observer = new MutationObserver(onChange);
    this.observer.observe(this.element, { subtree: true, childList: true, characterData: true });
  }

  destroy() {
    this.observer?.disconnect();
  }
}

const MIRRORED_PROPERTIES = [
  'direction', 'font-family', 'font-size', 'font-stretch', 'font-style', 'font-variant',
  'font-weight', 'font-kerning', 'font-feature-settings', 'font-variation-settings',
  'letter-spacing', 'line-height', 'tab-size', 'text-align', 'text-indent', 'text-transform',
  'word-break', 'word-spacing', 'overflow-wrap', 'white-space', 'padding-top', 'padding-bottom',
  'padding-left', 'border-top-width', 'border-right-width', 'border-bottom-width',
  'border-left-width',
];

/**
 * A textarea cannot show highlights itself, so a transparent copy of its text is laid exactly over
 * it, in Takt's shadow root (never inside the field), and the highlights are registered on the
 * copy's text. Only the underlines of the copy are visible; clicks go through to the textarea.
 */
class TextareaMirror {
  constructor(textarea) {
    this.textarea = textarea;
    this.box = document.createElement('div');
    this.box.className = 'mirror';
    this.textNode = document.createTextNode('');
    // A trailing line break only gets a line box when something follows it.
    this.tail = document.createTextNode('\u200b');
    this.box.append(this.textNode, this.tail);
    getUiRoot().shadow.append(this.box);
    this.scheduleLayout = oncePerFrame(() => this.layout());
    this.resizeObserver = new ResizeObserver(this.scheduleLayout);
    this.resizeObserver.observe(textarea);
    textarea.addEventListener('scroll', this.scheduleLayout, { passive: true });
    window.addEventListener('resize', this.scheduleLayout, { passive: true });
    document.addEventListener('scroll', this.scheduleLayout, { passive: true, capture: true });
    this.layout();
  }

  setText(text) {
    if (this.textNode.data !== text) this.textNode.data = text;
    if (!this.box.isConnected) getUiRoot().shadow.append(this.box);
  }

  rangeFor(start, end, reusable = null) {
    const length = this.textNode.data.length;
    if (!(start < end) || end > length) return null;
    // Same reuse as TextModel.rangeFor.
    if (
      reusable?.startContainer === this.textNode &&
      reusable.startOffset === start &&
      reusable.endContainer === this.textNode &&
      reusable.endOffset === end
    ) {
      return reusable;
    }
    const range = document.createRange();
    range.setStart(this.textNode, start);
    range.setEnd(this.textNode, end);
    return range;
  }

  layout() {
    const textarea = this.textarea;
    if (!textarea.isConnected) return;
    const computed = getComputedStyle(textarea);
    const style = this.box.style;
    for (const property of MIRRORED_PROPERTIES) style.setProperty(property, computed.getPropertyValue(property));
    const borderLeft = parseFloat(computed.borderLeftWidth) || 0;
    const borderRight = parseFloat(computed.borderRightWidth) || 0;
    // The textarea's scrollbar narrows its text area; the mirror has none, so pad for it.
    const scrollbarWidth = Math.max(0, textarea.offsetWidth - textarea.clientWidth - borderLeft - borderRight);
    style.setProperty('padding-right', `${(parseFloat(computed.paddingRight) || 0) + scrollbarWidth}px`);
    const rect = textarea.getBoundingClientRect();
    style.setProperty('left', `${rect.left + window.scrollX}px`);
    style.setProperty('top', `${rect.top + window.scrollY}px`);
    style.setProperty('width', `${rect.width}px`);
    style.setProperty('height', `${rect.height}px`);
    style.setProperty('visibility', rect.width > 0 && rect.height > 0 ? 'visible' : 'hidden');
    this.box.scrollTop = textarea.scrollTop;
    this.box.scrollLeft = textarea.scrollLeft;
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.textarea.removeEventListener('scroll', this.scheduleLayout);
    window.removeEventListener('resize', this.scheduleLayout);
    document.removeEventListener('scroll', this.scheduleLayout, { capture: true });
    this.box.remove();
  }
}

class TextareaAdapter {
  constructor(textarea) {
    this.kind = 'textarea';
    this.element = textarea;
    this.mirror = new TextareaMirror(textarea);
    this.onChange = null;
  }

  readModel() {
    const text = this.element.value;
    this.mirror.setText(text);
    this.mirror.layout();
    return { text, rangeFor: (start, end, reusable) => this.mirror.rangeFor(start, end, reusable) };
  }

  caretOffset() {
    return this.element.ownerDocument.activeElement === this.element ? this.element.selectionEnd : null;
  }

  saveSelection() {
    return { start: this.element.selectionStart, end: this.element.selectionEnd };
  }

  restoreSelection(saved) {
    this.element.focus({ preventScroll: true });
    if (saved) this.element.setSelectionRange(saved.start, saved.end);
  }

  /**
   * Pages may also set the value from script, which fires no event; a look on focus and keyup
   * catches that without polling.
   */
  observe(onChange) {
    this.onChange = onChange;
    for (const type of ['input', 'focus', 'keyup', 'change']) this.element.addEventListener(type, onChange);
  }

  destroy() {
    if (this.onChange) {
      for (const type of ['input', 'focus', 'keyup', 'change']) this.element.removeEventListener(type, this.onChange);
    }
    this.mirror.destroy();
  }
}
