// Entry point of the content script. The same file is injected by the manifest (webmail hosts)
// and by runtime registration or on demand (sites the user switched on), so it may run twice in
// one frame: the second run does nothing.

import { Controller } from './controller.js';

const LOADED_FLAG = '__taktContentScriptLoaded';

if (!globalThis[LOADED_FLAG]) {
  globalThis[LOADED_FLAG] = true;
  new Controller().start().catch(() => {
    // Never let Takt break the page; without settings it simply stays inactive.
  });
}
