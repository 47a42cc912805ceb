// A small note over an editor whose text is longer than what Takt checks, so that the lack of
// underlines further down is not read as "nothing to improve there". It lives in Takt's shadow
// root (never in the editor), ignores the pointer, and holds text only.

import { t } from '../shared/i18n.js';
import { getUiRoot } from './ui-root.js';
import { oncePerFrame } from './once-per-frame.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const GAP = 4;

export class LengthNotice {
  constructor(editor) {
    this.editor = editor;
    this.element = null;
    this.onViewportChange = oncePerFrame(() => this.layout());
  }

  /** uncheckedFrom: where checking stopped, or null when the whole text was checked. */
  update(uncheckedFrom) {
    if (uncheckedFrom === null) this.hide();
    else this.show(uncheckedFrom);
  }

  show(checkedLength) {
    if (!this.element) {
      this.element = document.createElement('div');
      this.element.className = 'length-notice';
      this.element.setAttribute('role', 'status');
      window.addEventListener('resize', this.onViewportChange, { passive: true });
      document.addEventListener('scroll', this.onViewportChange, { passive: true, capture: true });
    }
    const count = checkedLength.toLocaleString(extensionApi.i18n.getUILanguage());
    this.element.textContent = t('lengthNotice', [count]);
    if (!this.element.isConnected) getUiRoot().shadow.append(this.element);
    this.layout();
  }

  /**
   * Just above the editor's top right corner, clear of the text; once that corner has scrolled
   * away, at the top right of the part in view (a long mail's own corners are far away).
   */
  layout() {
    if (!this.element) return;
    const rect = this.editor.getBoundingClientRect();
    const viewportHeight = document.documentElement.clientHeight;
    const visible = rect.bottom > 0 && rect.top < viewportHeight && rect.width > 0;
    this.element.hidden = !visible;
    if (!visible) return;
    const above = rect.top - this.element.offsetHeight - GAP;
    const top = above >= 0 ? above : Math.max(rect.top, 0) + GAP;
    const right = rect.right;
    this.element.style.setProperty('top', `${top + window.scrollY}px`);
    this.element.style.setProperty('left', `${right + window.scrollX}px`);
  }

  hide() {
    if (!this.element) return;
    window.removeEventListener('resize', this.onViewportChange);
    document.removeEventListener('scroll', this.onViewportChange, { capture: true });
    this.element.remove();
    this.element = null;
  }
}
