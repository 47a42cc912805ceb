#!/usr/bin/env node
// Builds the browser extension from extension/ and the engine package in dist/pkg:
//   dist/chrome, dist/firefox        unpacked extensions (load these for development)
//   dist/takt-chrome.zip, dist/takt-firefox.zip   deterministic store packages
// Usage: node extension/build.mjs [--pkg DIR]

import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleContentScript } from './tools/bundle-content-script.mjs';
import { createZip } from './tools/zip.mjs';
import { ICON_SIZES, iconPng } from './tools/icons.mjs';

const extensionDirectory = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(extensionDirectory, '..');
const distDirectory = path.join(repositoryRoot, 'dist');

const GECKO_ID = 'takt@takt.dev';
const FIREFOX_MIN_VERSION = '140.0'; // CSS Custom Highlight API and data_collection_permissions
const FIREFOX_ANDROID_MIN_VERSION = '142.0'; // data_collection_permissions on Android
const CHROME_MIN_VERSION = '120';

// Directories copied as they are; content/ is bundled instead.
const COPIED_DIRECTORIES = ['_locales', 'background', 'options', 'popup', 'shared'];
// The engine package: its glue, the module, and the JavaScript the glue imports.
const ENGINE_FILES = ['takt.js', 'takt_bg.wasm', 'snippets'];

function engineDirectoryFromArguments() {
  const index = process.argv.indexOf('--pkg');
  return index !== -1 && process.argv[index + 1]
    ? path.resolve(process.argv[index + 1])
    : path.join(distDirectory, 'pkg');
}

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function checkLocalesAgree() {
  const locales = await readdir(path.join(extensionDirectory, '_locales'));
  const keySets = await Promise.all(
    locales.map(async (locale) => {
      const messages = JSON.parse(await readFile(path.join(extensionDirectory, '_locales', locale, 'messages.json'), 'utf8'));
      return [locale, new Set(Object.keys(messages))];
    }),
  );
  const [[firstLocale, firstKeys]] = keySets;
  for (const [locale, keys] of keySets) {
    const missing = [...firstKeys].filter((key) => !keys.has(key));
    const extra = [...keys].filter((key) => !firstKeys.has(key));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(`_locales/${locale} differs from _locales/${firstLocale}: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`);
    }
  }
}

function manifestFor(target, base) {
  const manifest = structuredClone(base);
  if (target === 'chrome') {
    manifest.background = { service_worker: 'background/main.js', type: 'module' };
    manifest.minimum_chrome_version = CHROME_MIN_VERSION;
  } else {
    manifest.background = { scripts: ['background/main.js'], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    };
  }
  return manifest;
}

async function listFiles(directory, prefix = '') {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(directory, entry.name), relative)));
    else files.push(relative);
  }
  return files;
}

async function buildTarget(target, { base, contentScript, engineDirectory }) {
  const output = path.join(distDirectory, target);
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });

  for (const directory of COPIED_DIRECTORIES) {
    await cp(path.join(extensionDirectory, directory), path.join(output, directory), { recursive: true });
  }
  await mkdir(path.join(output, 'content'));
  await writeFile(path.join(output, 'content', 'content.js'), contentScript);
  await cp(path.join(extensionDirectory, 'content', 'content.css'), path.join(output, 'content', 'content.css'));

  await mkdir(path.join(output, 'icons'));
  for (const size of ICON_SIZES) await writeFile(path.join(output, 'icons', `icon-${size}.png`), iconPng(size));

  await mkdir(path.join(output, 'pkg'));
  for (const file of ENGINE_FILES) {
    await cp(path.join(engineDirectory, file), path.join(output, 'pkg', file), { recursive: true });
  }

  await writeFile(path.join(output, 'manifest.json'), `${JSON.stringify(manifestFor(target, base), null, 2)}\n`);

  const files = await listFiles(output);
  const archive = createZip(
    await Promise.all(files.map(async (file) => ({ path: file, data: await readFile(path.join(output, file)) }))),
  );
  const archivePath = path.join(distDirectory, `takt-${target}.zip`);
  await writeFile(archivePath, archive);
  return { output, archivePath, files: files.length, bytes: archive.length };
}

async function main() {
  const engineDirectory = engineDirectoryFromArguments();
  for (const file of ENGINE_FILES) {
    if (!(await exists(path.join(engineDirectory, file)))) {
      throw new Error(`${path.join(engineDirectory, file)} is missing: build the engine first (./build.sh)`);
    }
  }
  await checkLocalesAgree();
  const base = JSON.parse(await readFile(path.join(extensionDirectory, 'manifest.base.json'), 'utf8'));
  const contentScript = await bundleContentScript(path.join(extensionDirectory, 'content', 'main.js'), extensionDirectory);
  for (const target of ['chrome', 'firefox']) {
    const result = await buildTarget(target, { base, contentScript, engineDirectory });
    console.log(
      `${target}: ${path.relative(repositoryRoot, result.output)} (${result.files} files), ` +
        `${path.relative(repositoryRoot, result.archivePath)} (${(result.bytes / 1024).toFixed(1)} KB)`,
    );
  }
}

main().catch((error) => {
  console.error(`extension build failed: ${error.message}`);
  process.exit(1);
});
