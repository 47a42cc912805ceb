// Whether an editor is drawn on a dark background. Gmail and Outlook have dark themes of their
// own, whatever the system's setting, so the card takes its colours from what the writer sees
// around the phrase, not from prefers-color-scheme.

/**
 * Relative luminance (0 black … 1 white) under which a background counts as dark: where white
 * text starts to stand out from it more than black text does.
 */
const DARK_BELOW = 0.18;

export function onDarkSurface(element) {
  for (let node = element; node; node = node.parentElement ?? node.getRootNode().host ?? null) {
    const background = opaqueColor(getComputedStyle(node).backgroundColor);
    if (background) return luminance(background) < DARK_BELOW;
  }
  // Nothing paints a background: the page's canvas shows, dark only where the page asks for it.
  const schemes = getComputedStyle(document.documentElement).colorScheme.split(/\s+/);
  return schemes.includes('dark') && (!schemes.includes('light') || matchMedia('(prefers-color-scheme: dark)').matches);
}

/** [r, g, b] of a computed `rgb()`/`rgba()` colour that covers what is behind it, else null. */
function opaqueColor(computed) {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(computed);
  if (!match) return null;
  const alpha = match[4] === undefined ? 1 : parseAlpha(match[4]);
  return alpha >= 0.5 ? match.slice(1, 4).map(Number) : null;
}

function parseAlpha(text) {
  return text.endsWith('%') ? Number.parseFloat(text) / 100 : Number(text);
}

/** WCAG's relative luminance of an sRGB colour. */
function luminance([r, g, b]) {
  const linear = (channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
