// Settings page. Every control writes its key to chrome.storage.sync at once; the page re-renders
// from storage on every change, so it also reflects changes made from a card in a mail tab.

import { categoryLabel, localizeTree, t } from '../shared/i18n.js';
import {
  ADDRESS_FORMS,
  CATEGORIES,
  LANGUAGES,
  exportSettings,
  parseImportedSettings,
  readSettings,
  SETTINGS_KEYS,
  writeSettings,
} from '../shared/settings.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const storage = extensionApi.storage.sync;
const byId = (id) => document.getElementById(id);

let settings = null;
let ruleCatalogue = [];

/** Text as the rule finder compares it: lower case, accents and umlauts reduced to their letter. */
const searchable = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

async function save(changes) {
  try {
    await writeSettings(storage, changes);
    byId('status').textContent = t('optionsSaved');
  } catch (error) {
    byId('status').textContent = error.message;
  }
}

function checkbox(checked, onChange) {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return input;
}

function renderCategories() {
  byId('categories').replaceChildren(
    ...CATEGORIES.map((category) => {
      const label = document.createElement('label');
      label.className = 'switch';
      label.dataset.category = category;
      const input = checkbox(!settings.disabledCategories.includes(category), (on) => {
        const others = settings.disabledCategories.filter((item) => item !== category);
        save({ disabledCategories: on ? others : [...others, category] });
      });
      label.append(input, document.createTextNode(categoryLabel(category)));
      return label;
    }),
  );
}

function renderSelect(select, values, current, messagePrefix, key) {
  select.replaceChildren(
    ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = t(messagePrefix + value);
      return option;
    }),
  );
  select.value = current;
  select.onchange = () => save({ [key]: select.value });
}

function renderAllowedPhrases() {
  const list = byId('allowed-list');
  list.replaceChildren(
    ...settings.allowedPhrases.map((phrase) => {
      const item = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = phrase;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = t('optionsRemove');
      remove.setAttribute('aria-label', t('optionsRemovePhrase', [phrase]));
      remove.addEventListener('click', () =>
        save({ allowedPhrases: settings.allowedPhrases.filter((item) => item !== phrase) }),
      );
      item.append(text, remove);
      return item;
    }),
  );
  byId('allowed-empty').hidden = settings.allowedPhrases.length > 0;
}

function ruleRow(id, title, detail) {
  const label = document.createElement('label');
  label.className = 'rule';
  label.dataset.rule = id;
  label.dataset.search = searchable(`${title} ${detail}`);
  const input = checkbox(!settings.disabledRules.includes(id), (on) => {
    const others = settings.disabledRules.filter((item) => item !== id);
    save({ disabledRules: on ? others : [...others, id] });
  });
  const text = document.createElement('span');
  text.textContent = title;
  const small = document.createElement('small');
  small.textContent = detail;
  text.append(small);
  label.append(input, text);
  return label;
}

function renderRules() {
  const groups = [];
  for (const category of CATEGORIES) {
    const rules = ruleCatalogue.filter((rule) => rule.category === category);
    if (rules.length === 0) continue;
    const group = document.createElement('div');
    group.className = 'rule-group';
    const heading = document.createElement('h3');
    heading.textContent = categoryLabel(category);
    group.append(heading);
    for (const rule of rules) {
      const example = rule.example ? ` · ${rule.example}` : '';
      group.append(ruleRow(rule.id, rule.message, `${rule.id}${example}`));
    }
    groups.push(group);
  }
  // Rules switched off on another device with a version of Takt that knows more rules.
  const known = new Set(ruleCatalogue.map((rule) => rule.id));
  const unknown = settings.disabledRules.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const group = document.createElement('div');
    group.className = 'rule-group';
    for (const id of unknown) group.append(ruleRow(id, id, ''));
    groups.push(group);
  }
  byId('rules').replaceChildren(...groups);
  filterRules();
}

/**
 * Shows the rules that hold every word typed into the finder (in their reason, id or example),
 * only those turned off when asked: how a rule turned off from a card is found again.
 */
function filterRules() {
  const words = searchable(byId('rule-search').value).split(/\s+/).filter(Boolean);
  const onlyOff = byId('rules-only-off').checked;
  let shown = 0;
  for (const group of byId('rules').querySelectorAll('.rule-group')) {
    let shownInGroup = 0;
    for (const row of group.querySelectorAll('.rule')) {
      const off = settings.disabledRules.includes(row.dataset.rule);
      row.hidden = (onlyOff && !off) || !words.every((word) => row.dataset.search.includes(word));
      if (!row.hidden) shownInGroup += 1;
    }
    group.hidden = shownInGroup === 0;
    shown += shownInGroup;
  }
  byId('rules-none').hidden = shown > 0 || !byId('rules').hasChildNodes();
}

byId('rule-search').addEventListener('input', filterRules);
byId('rules-only-off').addEventListener('change', filterRules);

function render() {
  renderCategories();
  renderSelect(byId('language'), LANGUAGES, settings.lang, 'optionsLanguage_', 'lang');
  renderSelect(byId('address'), ADDRESS_FORMS, settings.address, 'optionsAddress_', 'address');
  renderAllowedPhrases();
  renderRules();
}

byId('allowed-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('allowed-input');
  const phrase = input.value.trim();
  if (!phrase || settings.allowedPhrases.includes(phrase)) return;
  input.value = '';
  save({ allowedPhrases: [...settings.allowedPhrases, phrase] });
});

byId('export').addEventListener('click', () => {
  const blob = new Blob([exportSettings(settings)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'takt-settings.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});

byId('import').addEventListener('click', () => byId('import-file').click());
byId('import-file').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  const notice = byId('import-notice');
  const result = parseImportedSettings(await file.text());
  notice.hidden = false;
  if (result.problem) {
    notice.classList.add('error');
    notice.textContent = t(`optionsImportProblem_${result.problem}`, result.key ? [result.key] : undefined);
    return;
  }
  await storage.set(result.settings);
  notice.classList.remove('error');
  notice.textContent = t('optionsImported');
});

extensionApi.storage.onChanged.addListener(async (changes, areaName) => {
  if (areaName !== 'sync' || !SETTINGS_KEYS.some((key) => key in changes)) return;
  settings = await readSettings(storage);
  render();
});

async function start() {
  localizeTree(document);
  settings = await readSettings(storage);
  render();
  try {
    const response = await extensionApi.runtime.sendMessage({ type: 'rules' });
    if (response?.error) throw new Error(response.error);
    ruleCatalogue = Array.isArray(response?.rules) ? response.rules : [];
  } catch (error) {
    const notice = byId('rules-error');
    notice.textContent = t('optionsEngineUnavailable', [error.message]);
    notice.hidden = false;
  }
  renderRules();
  document.body.dataset.ready = 'true';
}

start();
