// One host element per document, attached to <html> and thus outside every editor, with an open
// shadow root holding the card and the textarea mirrors. Inline styles are set through the CSSOM
// and the shadow root's styles through a constructed stylesheet: neither is subject to the page's
// style-src, which a style attribute or <style> element from us could be.

import { UI_STYLES } from './ui-styles.js';

const HOST_TAG = 'takt-ui';

let uiRoot = null;

export function getUiRoot() {
  if (uiRoot && uiRoot.host.isConnected) return uiRoot;
  const host = document.createElement(HOST_TAG);
  const hostStyle = host.style;
  for (const [property, value] of Object.entries({
    display: 'block',
    position: 'absolute',
    top: '0',
    left: '0',
    width: '0',
    height: '0',
    margin: '0',
    padding: '0',
    border: '0',
    overflow: 'visible',
    visibility: 'visible',
    opacity: '1',
    transform: 'none',
    'pointer-events': 'none',
    'z-index': '2147483646',
  })) {
    hostStyle.setProperty(property, value, 'important');
  }
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow);
  document.documentElement.appendChild(host);
  uiRoot = { host, shadow };
  return uiRoot;
}

export function existingUiRoot() {
  return uiRoot && uiRoot.host.isConnected ? uiRoot : null;
}

function applyStyles(shadow) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(UI_STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    // Browsers without constructed stylesheets in content scripts.
    const style = document.createElement('style');
    style.textContent = UI_STYLES;
    shadow.appendChild(style);
  }
}

/**
 * Small state on the host element, outside every editor, so that automated tests can wait for
 * "checked" instead of sleeping. It holds counts only, never text.
 */
export function publishState(state) {
  const root = getUiRoot();
  root.host.dataset.state = state.active ? 'active' : 'inactive';
  root.host.dataset.checks = String(state.completedChecks);
  if (state.engineError) root.host.dataset.engineError = 'true';
  else delete root.host.dataset.engineError;
}

export function removeUiRoot() {
  if (uiRoot) uiRoot.host.remove();
  uiRoot = null;
}
