// UI text comes from _locales via chrome.i18n, which follows the browser language. Text is always
// set with textContent, never parsed as HTML.

const extensionApi = globalThis.browser ?? globalThis.chrome;

export function t(key, substitutions) {
  return extensionApi.i18n.getMessage(key, substitutions) || key;
}

export function categoryLabel(category) {
  return t(`category_${category}`);
}

/**
 * Fills elements marked with data-i18n (text) and data-i18n-attr="attr:key;attr:key" (attributes)
 * inside root.
 */
export function localizeTree(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
  if (root.documentElement) root.documentElement.lang = extensionApi.i18n.getUILanguage();
}
