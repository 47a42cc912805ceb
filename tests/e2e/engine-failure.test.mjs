// Fail-open: when the engine cannot start (here: a corrupt WebAssembly file), the compose keeps
// working exactly as without Takt, nothing is underlined, and the popup explains the problem.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIRECTORY, launchBrowser, openPopup, serveFixtures, tabIdFor, URLS } from './helpers.mjs';

let browser;
let brokenCopy;

before(async () => {
  brokenCopy = await mkdtemp(path.join(os.tmpdir(), 'takt-broken-engine-'));
  await cp(EXTENSION_DIRECTORY, brokenCopy, { recursive: true });
  await writeFile(path.join(brokenCopy, 'pkg', 'takt_bg.wasm'), Buffer.from('not a WebAssembly module'));
  browser = await launchBrowser({ extensionDirectory: brokenCopy });
  await serveFixtures(browser.context);
});

after(async () => {
  await browser?.close();
  await rm(brokenCopy, { recursive: true, force: true });
});

test('a broken engine never blocks the editor and is reported in the popup', async () => {
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(URLS.gmail);
  await page.waitForFunction(() => document.querySelector('takt-ui')?.dataset.engineError === 'true');

  await page.click('[g_editable="true"]');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Alles klar.');
  await page.waitForFunction(() => document.querySelector('[g_editable="true"]').innerText.includes('Alles klar.'));
  assert.equal(await page.evaluate(() => CSS.highlights.size), 0);
  assert.deepEqual(pageErrors, []);

  const popup = await openPopup(browser, await tabIdFor(browser, URLS.gmail));
  await popup.waitForFunction(() => !document.querySelector('#engine-error').hidden);
  assert.match(await popup.textContent('#engine-error'), /checker could not start/);
  await popup.close();
  await page.close();
});
