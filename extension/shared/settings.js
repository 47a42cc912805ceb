// Settings live in chrome.storage.sync, one item per key: sync storage limits the size of a single
// item, and the phrase and rule lists are the ones that grow. Everything read back is validated
// key by key, because synced data can come from an older version or be edited by hand; a corrupt
// value falls back to its default instead of breaking the extension.

export const CATEGORIES = Object.freeze(['refusal', 'excuse', 'manipulation', 'blame', 'vague', 'address']);

export const WEBMAIL_HOSTS = Object.freeze([
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.cloud.microsoft',
]);

export const LANGUAGES = Object.freeze(['auto', 'de', 'en']);
export const ADDRESS_FORMS = Object.freeze(['auto', 'sie', 'du']);

export const SETTINGS_FORMAT = 'takt-settings';
export const SETTINGS_FORMAT_VERSION = 1;

const MAX_LIST_ITEMS = 500;
const MAX_PHRASE_LENGTH = 200;
const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/i;
const HOST_PATTERN = /^[a-z0-9]([a-z0-9.-]{0,252})$/;

export function defaultSettings() {
  return {
    paused: false,
    sites: {},
    disabledCategories: [],
    disabledRules: [],
    allowedPhrases: [],
    lang: 'auto',
    address: 'auto',
  };
}

export const SETTINGS_KEYS = Object.freeze(Object.keys(defaultSettings()));

// Each validator returns the cleaned value, or undefined when the value is unusable.
const validators = {
  paused: (value) => (typeof value === 'boolean' ? value : undefined),
  sites: (value) => {
    if (!isPlainObject(value)) return undefined;
    const sites = {};
    for (const [host, enabled] of Object.entries(value)) {
      if (typeof enabled !== 'boolean' || !HOST_PATTERN.test(host)) return undefined;
      sites[host] = enabled;
    }
    return sites;
  },
  disabledCategories: (value) => stringList(value, (item) => CATEGORIES.includes(item)),
  disabledRules: (value) => stringList(value, (item) => RULE_ID_PATTERN.test(item)),
  allowedPhrases: (value) =>
    stringList(value, (item) => item.trim().length > 0 && item.length <= MAX_PHRASE_LENGTH),
  lang: (value) => (LANGUAGES.includes(value) ? value : undefined),
  address: (value) => (ADDRESS_FORMS.includes(value) ? value : undefined),
};

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value, isValidItem) {
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) return undefined;
  if (!value.every((item) => typeof item === 'string' && isValidItem(item))) return undefined;
  return [...new Set(value)];
}

/** Turns whatever storage returned into complete, valid settings. */
export function normalizeSettings(raw) {
  const settings = defaultSettings();
  if (!isPlainObject(raw)) return settings;
  for (const key of SETTINGS_KEYS) {
    if (!(key in raw)) continue;
    const value = validators[key](raw[key]);
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

/** Validates one changed key; returns undefined when it is unusable. */
export function validateSetting(key, value) {
  return SETTINGS_KEYS.includes(key) ? validators[key](value) : undefined;
}

export async function readSettings(storageArea) {
  return normalizeSettings(await storageArea.get(SETTINGS_KEYS));
}

/** Writes the given keys after validating them; throws on an invalid value so callers notice. */
export async function writeSettings(storageArea, changes) {
  const cleaned = {};
  for (const [key, value] of Object.entries(changes)) {
    const valid = validateSetting(key, value);
    if (valid === undefined) throw new Error(`Invalid value for setting "${key}"`);
    cleaned[key] = valid;
  }
  await storageArea.set(cleaned);
}

export function exportSettings(settings) {
  return JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_FORMAT_VERSION, ...settings }, null, 2);
}

/**
 * Strict counterpart of normalizeSettings for files the user imports: a file that is not ours or
 * holds an invalid value is rejected as a whole, so the user learns about it instead of silently
 * getting half of it. Returns { settings } or { problem, key? }.
 */
export function parseImportedSettings(jsonText) {
  let parsed;
  try {
    parsed = JSON.parse(jsonText);
  } catch {
    return { problem: 'notJson' };
  }
  if (!isPlainObject(parsed) || parsed.format !== SETTINGS_FORMAT) return { problem: 'notSettings' };
  if (typeof parsed.version !== 'number' || parsed.version > SETTINGS_FORMAT_VERSION) {
    return { problem: 'newerVersion' };
  }
  const settings = defaultSettings();
  for (const key of SETTINGS_KEYS) {
    if (!(key in parsed)) continue;
    const value = validators[key](parsed[key]);
    if (value === undefined) return { problem: 'invalidValue', key };
    settings[key] = value;
  }
  return { settings };
}

export function isWebmailHost(host) {
  return WEBMAIL_HOSTS.includes(host);
}

/** Webmail hosts are on unless switched off; every other site is off unless switched on. */
export function isSiteEnabled(settings, host) {
  if (!host) return false;
  const choice = settings.sites[host];
  return typeof choice === 'boolean' ? choice : isWebmailHost(host);
}

export function isActiveOn(settings, host) {
  return !settings.paused && isSiteEnabled(settings, host);
}

/** The subset of settings the engine understands, in the engine's option format. */
export function engineOptions(settings) {
  return {
    lang: settings.lang,
    address: settings.address,
    disabledRules: [...settings.disabledRules],
    disabledCategories: [...settings.disabledCategories],
    allowedPhrases: [...settings.allowedPhrases],
  };
}

export function normalizePhrase(phrase) {
  return phrase.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Settings are applied on the client as well as in the engine: a change reaches the content script
 * and the background at slightly different times, and this keeps a just-disabled rule from
 * flashing back in between.
 */
export function isFindingSuppressed(settings, finding, phrase) {
  if (settings.disabledRules.includes(finding.rule)) return true;
  if (settings.disabledCategories.includes(finding.category)) return true;
  if (settings.allowedPhrases.length === 0) return false;
  const normalized = normalizePhrase(phrase);
  return settings.allowedPhrases.some((allowed) => normalizePhrase(allowed) === normalized);
}

/** Match pattern covering a site on http and https, as used for permissions and registrations. */
export function originPatternForHost(host) {
  return `*://${host}/*`;
}

export function hostFromUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : '';
  } catch {
    return '';
  }
}
