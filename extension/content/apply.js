// Replacing a phrase the way a user edit would, so that the editor's own model, its undo history
// and the page's input listeners all see an ordinary edit:
// 1. make sure the text under the range is still the flagged text (the mail may have changed since
//    the check; then nothing is replaced and the caller re-checks),
// 2. select the phrase,
// 3. offer the edit as a cancelable beforeinput (insertReplacementText) that editors with their
//    own document model can handle,
// 4. if nobody handled it, let the browser insert the text (execCommand('insertText')), which
//    records a native undo step and fires beforeinput/input like typing.
// Text is never written through textContent, innerHTML or value.

function expectedAfterReplacement(text, start, end, replacement) {
  return text.slice(0, start) + replacement + text.slice(end);
}

/**
 * Editors with their own undo stack (RoosterJS, which Outlook uses, among them) take snapshots on
 * key events rather than on input events, and would merge the rewrite with the words typed just
 * before it. A keypress without a default action while the phrase is selected makes such an
 * editor record the state before the rewrite; one after it, with a collapsed caret, marks the
 * rewrite as new content so the next undo stops exactly at the previous text. Browsers do nothing
 * for synthetic key events, so editors without an own undo stack are unaffected.
 */
function hintUndoBoundary(element) {
  element.dispatchEvent(
    new KeyboardEvent('keypress', { key: 'Unidentified', bubbles: true, cancelable: true, composed: true }),
  );
}

function selectRange(element, range) {
  const selection = element.ownerDocument.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function collapsedRangeAt(model, offset) {
  const range = model.rangeFor(Math.max(0, offset - 1), offset);
  if (range) {
    range.collapse(false);
    return range;
  }
  return null;
}

async function applyInContentEditable(adapter, { start, end, replacement }) {
  const element = adapter.element;
  const before = adapter.readModel();
  const range = before.rangeFor(start, end);
  if (!range) return { applied: false, reason: 'range' };

  element.focus({ preventScroll: true });
  selectRange(element, range);
  hintUndoBoundary(element);

  const beforeInput = new InputEvent('beforeinput', {
    inputType: 'insertReplacementText',
    data: replacement,
    dataTransfer: textTransfer(replacement),
    bubbles: true,
    cancelable: true,
    composed: true,
    targetRanges: [new StaticRange(range)],
  });
  element.dispatchEvent(beforeInput);
  const expected = expectedAfterReplacement(before.text, start, end, replacement);
  let after = adapter.readModel();

  if (after.text === before.text) {
    if (beforeInput.defaultPrevented) {
      // The editor took the event; some apply it after the current task.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      after = adapter.readModel();
    } else {
      // Handlers may have moved the selection; put it back on the phrase.
      const freshRange = after.rangeFor(start, end);
      if (!freshRange) return { applied: false, reason: 'range' };
      selectRange(element, freshRange);
      element.ownerDocument.execCommand('insertText', false, replacement);
      after = adapter.readModel();
    }
  }

  if (after.text !== expected) return { applied: after.text !== before.text, reason: 'unexpected', text: after.text };

  const caretOffset = start + replacement.length;
  const selection = element.ownerDocument.getSelection();
  const caret = adapter.caretOffset(after);
  if (caret !== caretOffset || !selection.isCollapsed) {
    const caretRange = collapsedRangeAt(after, caretOffset);
    if (caretRange) selectRange(element, caretRange);
  }
  hintUndoBoundary(element);
  return { applied: true, text: after.text };
}

function applyInTextarea(adapter, { start, end, replacement }) {
  const textarea = adapter.element;
  const beforeText = textarea.value;
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(start, end);
  const inserted = textarea.ownerDocument.execCommand('insertText', false, replacement);
  const expected = expectedAfterReplacement(beforeText, start, end, replacement);
  if (!inserted || textarea.value !== expected) {
    return { applied: textarea.value !== beforeText, reason: 'unexpected', text: textarea.value };
  }
  const caretOffset = start + replacement.length;
  textarea.setSelectionRange(caretOffset, caretOffset);
  return { applied: true, text: textarea.value };
}

function textTransfer(text) {
  try {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', text);
    return transfer;
  } catch {
    return null;
  }
}

/**
 * Replaces [start, end) with replacement if the text there still reads `expected`.
 * Returns { applied, reason?, text? }.
 */
export async function applyReplacement(adapter, { start, end, expected, replacement }) {
  const current = adapter.readModel();
  if (current.text.slice(start, end) !== expected) return { applied: false, reason: 'stale' };
  if (adapter.kind === 'textarea') return applyInTextarea(adapter, { start, end, replacement });
  return applyInContentEditable(adapter, { start, end, replacement });
}
