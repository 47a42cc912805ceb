// The list of findings shown by the popup (for the open compose and for the quick check).
// Built with textContent only: findings carry text from the mail.

import { categoryLabel, t } from './i18n.js';

/**
 * findings: [{ category, phrase, message, suggestions }]
 * onSuggestion(finding, index): when given, suggestions are buttons that apply the rewrite;
 * otherwise they are shown as plain (disabled) entries.
 */
export function renderFindingList(list, findings, onSuggestion) {
  list.replaceChildren(
    ...findings.map((finding) => {
      const item = document.createElement('li');
      item.className = 'finding';
      item.dataset.category = finding.category;
      item.append(
        paragraph('category', categoryLabel(finding.category)),
        paragraph('phrase', t('cardQuotedPhrase', [finding.phrase])),
        paragraph('reason', finding.message),
      );
      finding.suggestions.forEach((suggestion, index) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'suggestion';
        button.textContent = suggestion;
        button.setAttribute('aria-label', t('cardReplaceWith', [suggestion]));
        if (onSuggestion) button.addEventListener('click', () => onSuggestion(finding, index));
        else button.disabled = true;
        item.append(button);
      });
      return item;
    }),
  );
}

function paragraph(className, text) {
  const element = document.createElement('p');
  element.className = className;
  element.textContent = text;
  return element;
}
