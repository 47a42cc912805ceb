// What users download: the WebAssembly module and the packed extension,
// raw and as `gzip -9` (the same measure build.sh prints).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

function gzipBytes(path) {
  try {
    return execFileSync('gzip', ['-9c', path], { maxBuffer: 1 << 30 }).length;
  } catch {
    // No gzip binary: zlib's deflate at level 9 differs by a few bytes at most.
    return gzipSync(readFileSync(path), { level: 9 }).length;
  }
}

function measure(path) {
  if (!existsSync(path)) return null;
  return { path, raw: readFileSync(path).length, gzip: gzipBytes(path) };
}

/** Sizes in bytes; an entry is null when its file has not been built. */
export function measureSizes(root) {
  return {
    wasm: measure(join(root, 'dist/pkg/takt_bg.wasm')),
    chromeZip: measure(join(root, 'dist/takt-chrome.zip')),
  };
}
