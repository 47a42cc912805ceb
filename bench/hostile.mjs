// Texts no one writes, each made to stress one part of the engine: words
// that open many patterns, a phrase found again and again, run-on
// text with no sentence end, one endless word, punctuation only. The
// benchmark checks each at 10 KB and at 100 KB: a path that grows faster
// than the text shows up as a ratio far above 10.

/**
 * The text of a shape: `unit` repeated to at most `bytes` bytes of UTF-8, a character that
 * would not fit left out.
 */
export function hostileText(unit, bytes) {
  const chars = [...unit];
  let text = '';
  let size = 0;
  for (let i = 0; ; i++) {
    const c = chars[i % chars.length];
    const width = Buffer.byteLength(c);
    if (size + width > bytes) return text;
    text += c;
    size += width;
  }
}

/**
 * The shapes, each `[name, unit]`: its text is the unit repeated. `examples` is every rule's
 * example, one per rule, both languages.
 */
export function hostileShapes(examples) {
  const runOn = examples.join(' ').replace(/[.!?]/g, '');
  return [
    ['a word that opens many patterns (English)', 'we will '],
    ['a word that opens many patterns (German)', 'ich wir '],
    ['a risky phrase, again and again, no sentence end', 'as previously mentioned '],
    ['a risky phrase, again and again (German)', 'wie bereits erwähnt '],
    ["every rule's example, run together without a sentence end", `${runOn} `],
    ['one endless word', 'a'],
    ['one endless word of umlauts', 'ä'],
    ['punctuation only', '.!?,;: '],
    ['line breaks only', '\n'],
    ['quoted history only', '> Nein, das geht nicht.\n'],
    ['short forms', "that's we'll "],
    ['hyphenated words', 'e-mail-'],
    ['numbered points (full stops that end no sentence)', '3. 4. '],
  ];
}
