// The built extension as it ships, plus the pure modules whose mistakes would be hard to see in a
// browser: manifests per browser, deterministic archives that match the unpacked builds, settings
// validation, edit remapping and the quick check's improved text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPOSITORY_ROOT } from './helpers.mjs';
import { createZip } from '../../extension/tools/zip.mjs';
import { normalizeSettings, parseImportedSettings, exportSettings, defaultSettings, isSiteEnabled } from '../../extension/shared/settings.js';
import { changedRegion, remapFindings } from '../../extension/content/text-diff.js';
import { applyFirstSuggestions } from '../../extension/shared/rewrite.js';

const DIST = path.join(REPOSITORY_ROOT, 'dist');
const WEBMAIL_PATTERNS = [
  'https://mail.google.com/*',
  'https://outlook.live.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.cloud.microsoft/*',
];

async function manifest(target) {
  return JSON.parse(await readFile(path.join(DIST, target, 'manifest.json'), 'utf8'));
}

async function listFiles(directory, prefix = '') {
  const files = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(directory, entry.name), relative)));
    else files.push(relative);
  }
  return files.sort();
}

/** Reads a zip written by createZip (no data descriptors, no zip64). */
function readZip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let index = 0; index < count; index++) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localNameLength = buffer.readUInt16LE(localOffset + 26);
    const localExtraLength = buffer.readUInt16LE(localOffset + 28);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

test('the Chrome manifest: module service worker, WASM-enabling CSP, minimal permissions, webmail content scripts', async () => {
  const chrome = await manifest('chrome');
  assert.equal(chrome.manifest_version, 3);
  assert.deepEqual(chrome.background, { service_worker: 'background/main.js', type: 'module' });
  assert.equal(chrome.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(chrome.permissions.sort(), ['activeTab', 'scripting', 'storage']);
  assert.deepEqual(chrome.host_permissions, WEBMAIL_PATTERNS);
  assert.equal(chrome.externally_connectable, undefined);
  assert.equal(chrome.web_accessible_resources, undefined);
  const [scripts] = chrome.content_scripts;
  assert.deepEqual(scripts.matches, WEBMAIL_PATTERNS);
  assert.equal(scripts.all_frames, true);
  assert.equal(scripts.match_about_blank, true);
  assert.equal(chrome.default_locale, 'en');
});

test('the Firefox manifest: background scripts and gecko settings without data collection', async () => {
  const firefox = await manifest('firefox');
  assert.deepEqual(firefox.background, { scripts: ['background/main.js'], type: 'module' });
  const gecko = firefox.browser_specific_settings.gecko;
  assert.match(gecko.id, /@/);
  assert.ok(Number.parseFloat(gecko.strict_min_version) >= 140);
  assert.deepEqual(gecko.data_collection_permissions, { required: ['none'] });
  const { background, browser_specific_settings, minimum_chrome_version, ...sharedFirefox } = firefox;
  const { background: _b, minimum_chrome_version: _m, ...sharedChrome } = await manifest('chrome');
  assert.deepEqual(sharedFirefox, sharedChrome, 'both builds share everything but the browser-specific keys');
});

test('both locales define the same messages', async () => {
  const [english, german] = await Promise.all(
    ['en', 'de'].map(async (locale) => JSON.parse(await readFile(path.join(DIST, 'chrome', '_locales', locale, 'messages.json'), 'utf8'))),
  );
  assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort());
});

test('the archives hold exactly the unpacked builds, and zipping is deterministic', async () => {
  for (const target of ['chrome', 'firefox']) {
    const archive = readZip(await readFile(path.join(DIST, `takt-${target}.zip`)));
    const files = await listFiles(path.join(DIST, target));
    assert.deepEqual([...archive.keys()].sort(), files);
    for (const file of files) {
      assert.ok(archive.get(file).equals(await readFile(path.join(DIST, target, file))), `${target}: ${file} differs`);
    }
  }
  const input = [
    { path: 'b.txt', data: Buffer.from('second') },
    { path: 'a/one.js', data: Buffer.from('x'.repeat(1000)) },
  ];
  assert.ok(createZip(input).equals(createZip([...input].reverse())));
});

test('the content script is one classic script without module syntax', async () => {
  const source = await readFile(path.join(DIST, 'chrome', 'content', 'content.js'), 'utf8');
  assert.doesNotMatch(source, /^\s*(import|export)\s/m);
  // Parses as a classic script.
  assert.doesNotThrow(() => new Function(source));
});

test('settings: corrupt values fall back per key; imports are all-or-nothing', () => {
  const settings = normalizeSettings({ paused: 'yes', lang: 'de', disabledRules: ['de.refusal.x', 7], sites: { 'example.org': true } });
  assert.equal(settings.paused, false);
  assert.equal(settings.lang, 'de');
  assert.deepEqual(settings.disabledRules, []);
  assert.deepEqual(settings.sites, { 'example.org': true });
  assert.deepEqual(normalizeSettings(null), defaultSettings());

  assert.equal(isSiteEnabled(defaultSettings(), 'mail.google.com'), true);
  assert.equal(isSiteEnabled(defaultSettings(), 'example.org'), false);
  assert.equal(isSiteEnabled({ ...defaultSettings(), sites: { 'mail.google.com': false } }, 'mail.google.com'), false);

  const exported = exportSettings({ ...defaultSettings(), allowedPhrases: ['wie besprochen'] });
  assert.deepEqual(parseImportedSettings(exported).settings.allowedPhrases, ['wie besprochen']);
  assert.equal(parseImportedSettings('{').problem, 'notJson');
  assert.equal(parseImportedSettings('{"lang":"de"}').problem, 'notSettings');
  assert.deepEqual(parseImportedSettings(JSON.stringify({ ...JSON.parse(exported), address: 'ihr' })), { problem: 'invalidValue', key: 'address' });
  assert.equal(parseImportedSettings(JSON.stringify({ ...JSON.parse(exported), version: 99 })).problem, 'newerVersion');
});

test('findings move with edits before them and vanish when an edit touches them', () => {
  const before = 'Hallo. Nein, das geht nicht. Danke.';
  const finding = { start: 7, end: 27, replaceStart: 7, replaceEnd: 27 };
  assert.deepEqual(changedRegion('abc', 'abXc'), { start: 2, beforeEnd: 2, afterEnd: 3 });
  const shifted = remapFindings([finding], before, `Guten Tag! ${before}`);
  assert.deepEqual(shifted, [{ start: 18, end: 38, replaceStart: 18, replaceEnd: 38 }]);
  assert.deepEqual(remapFindings([finding], before, before.replace('Danke', 'Vielen Dank')), [finding]);
  assert.deepEqual(remapFindings([finding], before, before.replace('geht', 'ging')), []);
  // Letters glued onto the phrase's last word change its meaning.
  assert.deepEqual(remapFindings([finding], before, before.replace('nicht.', 'nichts.')), []);
});

test('the improved text applies every first suggestion; of overlapping ones the wider wins', () => {
  const text = 'A bad. B worse.';
  const findings = [
    { replaceStart: 0, replaceEnd: 5, suggestions: ['A good'] },
    { replaceStart: 2, replaceEnd: 5, suggestions: ['overlap'] },
    { replaceStart: 7, replaceEnd: 14, suggestions: ['B better', 'B best'] },
    { replaceStart: 0, replaceEnd: 1, suggestions: [] },
  ];
  assert.equal(applyFirstSuggestions(text, findings), 'A good. B better.');
  // A sentence rewrite covers a phrase finding inside the same sentence.
  const sentence = 'Wie bereits erwähnt, das geht nicht.';
  assert.equal(
    applyFirstSuggestions(sentence, [
      { replaceStart: 0, replaceEnd: 19, suggestions: ['Wie vereinbart'] },
      { replaceStart: 0, replaceEnd: 35, suggestions: ['Ich finde eine Lösung'] },
    ]),
    'Ich finde eine Lösung.',
  );
});
