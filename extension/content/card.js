// The card next to an underlined phrase: why it costs the customer, up to three rewrites, and
// the three ways to silence it. It lives in Takt's shadow root outside the editor, is a dialog for
// assistive technology, and is fully usable from the keyboard: Tab cycles through its buttons,
// Enter activates, Esc closes and puts the caret back where it was.

import { categoryLabel, t } from '../shared/i18n.js';
import { getUiRoot } from './ui-root.js';
import { oncePerFrame } from './once-per-frame.js';
import { CATEGORY_COLORS } from './ui-styles.js';
import { onDarkSurface } from './surface.js';

const GAP_TO_PHRASE = 6;
const VIEWPORT_MARGIN = 8;

let nextCardId = 1;

export class FindingCard {
  constructor() {
    this.element = null;
    this.current = null;
    this.onOutsidePointer = (event) => {
      if (this.current && !event.composedPath().includes(getUiRoot().host)) this.close({ returnFocus: false });
    };
    this.onWindowKeydown = (event) => {
      if (this.current && event.key === 'Escape') {
        // Esc belongs to the card while it is open (in Gmail it would otherwise close the compose).
        event.preventDefault();
        event.stopPropagation();
        this.close({ returnFocus: true });
      }
    };
    this.onViewportChange = oncePerFrame(() => {
      if (this.current) this.position();
    });
  }

  get openFindingId() {
    return this.current?.finding.id ?? null;
  }

  get openSession() {
    return this.current?.session ?? null;
  }

  /**
   * options: { session, finding, phrase, anchorRect(): DOMRect|null, takeFocus, actions:
   * { suggestion(index), ignore(), disableRule(), allowPhrase() }, restoreFocus() }
   */
  open(options) {
    this.close({ returnFocus: false });
    this.current = options;
    this.element = this.render(options);
    getUiRoot().shadow.append(this.element);
    this.position();
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
    // On window, capturing: ahead of the page's own Esc handling.
    window.addEventListener('keydown', this.onWindowKeydown, true);
    window.addEventListener('resize', this.onViewportChange, { passive: true });
    document.addEventListener('scroll', this.onViewportChange, { passive: true, capture: true });
    if (options.takeFocus) this.focusables()[0]?.focus({ preventScroll: true });
  }

  close({ returnFocus }) {
    if (!this.current) return;
    const { restoreFocus } = this.current;
    const focusWasInCard = this.element?.matches(':focus-within') ?? false;
    this.current = null;
    this.element?.remove();
    this.element = null;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    window.removeEventListener('keydown', this.onWindowKeydown, true);
    window.removeEventListener('resize', this.onViewportChange);
    document.removeEventListener('scroll', this.onViewportChange, { capture: true });
    if (returnFocus || focusWasInCard) restoreFocus?.();
  }

  render({ session, finding, phrase, actions }) {
    const cardId = `takt-card-${nextCardId++}`;
    const card = document.createElement('div');
    card.className = 'card';
    card.classList.toggle('dark', onDarkSurface(session.element));
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-modal', 'false');
    card.setAttribute('aria-labelledby', `${cardId}-category`);
    card.setAttribute('aria-describedby', `${cardId}-reason`);
    card.tabIndex = -1;
    card.style.setProperty('--category-color', CATEGORY_COLORS[finding.category] ?? '#6b7280');
    card.dataset.rule = finding.rule;

    const category = element('p', 'category', categoryLabel(finding.category));
    category.id = `${cardId}-category`;
    const quoted = element('p', 'phrase', t('cardQuotedPhrase', [phrase]));
    const reason = element('p', 'reason', finding.message);
    reason.id = `${cardId}-reason`;
    card.append(category, quoted, reason);

    if (finding.suggestions.length > 0) {
      const list = element('div', 'suggestions');
      list.setAttribute('role', 'group');
      list.setAttribute('aria-label', t('cardSuggestions'));
      finding.suggestions.slice(0, 3).forEach((suggestion, index) => {
        const button = element('button', 'suggestion', suggestion);
        button.type = 'button';
        button.setAttribute('aria-label', t('cardReplaceWith', [suggestion]));
        button.addEventListener('click', () => actions.suggestion(index));
        list.append(button);
      });
      card.append(list);
    }

    const secondary = element('div', 'actions');
    for (const [key, action, name] of [
      ['cardIgnoreHere', actions.ignore, 'ignore'],
      ['cardDisableRule', actions.disableRule, 'disable-rule'],
      ['cardAllowPhrase', actions.allowPhrase, 'allow-phrase'],
    ]) {
      const button = element('button', 'action', t(key));
      button.type = 'button';
      button.dataset.action = name;
      button.addEventListener('click', () => action());
      secondary.append(button);
    }
    card.append(secondary);

    card.addEventListener('keydown', (event) => this.onCardKeydown(event));
    // Typing while the card has focus must not trigger the page's keyboard shortcuts.
    for (const type of ['keypress', 'keyup']) card.addEventListener(type, (event) => event.stopPropagation());
    return card;
  }

  focusables() {
    return this.element ? [...this.element.querySelectorAll('button')] : [];
  }

  onCardKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close({ returnFocus: true });
      return;
    }
    if (event.key === 'Tab') {
      // Keep Tab inside the card; the way out is Esc (or choosing an action).
      const buttons = this.focusables();
      if (buttons.length === 0) return;
      event.preventDefault();
      event.stopPropagation();
      const active = getUiRoot().shadow.activeElement;
      const index = buttons.indexOf(active);
      const next = event.shiftKey
        ? buttons[(index <= 0 ? buttons.length : index) - 1]
        : buttons[(index + 1) % buttons.length];
      next.focus({ preventScroll: true });
      return;
    }
    event.stopPropagation();
  }

  position() {
    const rect = this.current?.anchorRect();
    if (!rect || (rect.width === 0 && rect.height === 0)) {
      this.close({ returnFocus: false });
      return;
    }
    const card = this.element;
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const viewportWidth = document.documentElement.clientWidth;
    const viewportHeight = document.documentElement.clientHeight;
    let top = rect.bottom + GAP_TO_PHRASE;
    if (top + height > viewportHeight - VIEWPORT_MARGIN && rect.top - GAP_TO_PHRASE - height >= VIEWPORT_MARGIN) {
      top = rect.top - GAP_TO_PHRASE - height;
    }
    const left = Math.min(Math.max(VIEWPORT_MARGIN, rect.left), Math.max(VIEWPORT_MARGIN, viewportWidth - width - VIEWPORT_MARGIN));
    card.style.setProperty('left', `${left}px`);
    card.style.setProperty('top', `${Math.max(VIEWPORT_MARGIN, top)}px`);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
