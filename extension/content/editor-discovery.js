// Finding the editors to read, by structure rather than by class names (which webmail apps
// rename with every release): Gmail's and Outlook's compose bodies are recognised as soon as they
// appear; any other textarea or contenteditable is picked up when it gets focus.

// Gmail marks its compose body with g_editable; Outlook's is a multi-line textbox.
export const KNOWN_EDITOR_SELECTOR = [
  'div[contenteditable][role="textbox"][g_editable="true"]',
  'div[contenteditable][role="textbox"][aria-multiline="true"]',
].join(',');

// The conventions sites use to ask writing assistants to stay out of a field.
const OPT_OUT_SELECTOR = '[data-gramm="false"], [data-enable-grammarly="false"]';

/** The element Takt would read for a focused or clicked node: a textarea or an editing host. */
export function editorForNode(node) {
  const element = node?.nodeType === 1 ? node : node?.parentElement;
  if (!element) return null;
  if (element.localName === 'textarea') return element;
  if (!element.isContentEditable) return null;
  let host = element;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host;
}

export function isVisible(element) {
  if (!element.isConnected || element.getClientRects().length === 0) return false;
  const style = getComputedStyle(element);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

export function isEligibleEditor(element) {
  if (!element || !element.isConnected) return false;
  if (element.closest(OPT_OUT_SELECTOR)) return false;
  if (element.localName === 'textarea') {
    if (element.readOnly || element.disabled) return false;
  } else if (!element.isContentEditable) {
    return false;
  }
  // A whole document in design mode (or an editable <html>) has no place outside it for our UI.
  if (element === element.ownerDocument.documentElement) return false;
  return isVisible(element);
}

export function findKnownEditors(root = document) {
  return [...root.querySelectorAll(KNOWN_EDITOR_SELECTOR)].filter(isEligibleEditor);
}
