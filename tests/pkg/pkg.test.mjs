// Tests of the built WebAssembly package (dist/pkg), run with `node --test tests/pkg/`.
// They check behaviour through the public JS API only: check(text, options?), checkJson(text,
// options?), rules() and the Checker class.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = path.join(ROOT, 'dist', 'pkg');
const CLI = path.join(ROOT, 'target', 'release', 'takt');

/** The CLI's rule catalogue: every rule with all its examples and counter-examples. */
function catalogue() {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run ./build.sh first`);
  return JSON.parse(execFileSync(CLI, ['rules', '--format', 'json'], { encoding: 'utf8' }));
}

let check;
let checkJson;
let rules;
let Checker;
let ruleById;

before(async () => {
  const js = path.join(PKG, 'takt.js');
  assert.ok(fs.existsSync(js), `${js} is missing: run ./build.sh first`);
  const pkg = await import(pathToFileURL(js).href);
  pkg.initSync({ module: fs.readFileSync(path.join(PKG, 'takt_bg.wasm')) });
  ({ check, checkJson, rules, Checker } = pkg);
  ruleById = new Map(rules().map((r) => [r.id, r]));
});

const CATEGORIES = ['refusal', 'excuse', 'manipulation', 'blame', 'vague', 'address'];
const SEVERITIES = ['warning', 'hint'];

// Phrases the rule set must flag (one per line of the product brief).
const DE_REFUSAL = 'Nein, das geht nicht.';
const DE_EXCUSE = 'Mein Rechner hat den Geist aufgegeben.';
const DE_BLAME = 'Wie bereits erwähnt, fehlt noch Ihre Freigabe.';
const EN_REFUSAL = "That's not possible.";
const EN_BLAME = 'Per my last email, the file is attached.';
const EN_EXCUSE = 'My laptop died on me, so the file is late.';

const DE_MAIL = [
  'Hallo Herr Berger,',
  '',
  'danke für Ihre Nachricht zum Angebot.',
  DE_REFUSAL,
  `Die Entwürfe kommen später. ${DE_EXCUSE}`,
  DE_BLAME,
  '',
  'Viele Grüße',
  'Anna Beispiel',
].join('\n');

const EN_MAIL = [
  'Hi Jane,',
  '',
  'Thanks for your message about the quote.',
  EN_REFUSAL,
  EN_EXCUSE,
  EN_BLAME,
  '',
  'Best regards,',
  'Anna Example',
].join('\n');

const SAMPLE_MAILS = [
  DE_MAIL,
  EN_MAIL,
  'Hallo,\n\nmein Rechner hat den Geist aufgegeben. Nein, das geht nicht. Wie bereits erwähnt, fehlt die Freigabe.\n\nGruß\nTom',
  'Hi Max,\n\nich schicke dir die Datei später, mein Rechner hat den Geist aufgegeben. Nein, das geht nicht.\n\nLG\nTom',
  "Hello,\n\nper my last email, that's not possible. My laptop died on me yesterday.\n\nRegards,\nTom",
];

const phrase = (text, f) => text.slice(f.start, f.end);
const formal = /\b(Sie|Ihnen|Ihr\w*)\b/;
const informal = /\b(du|dir|dich|dein\w*)\b/i;

function assertValidFinding(text, f) {
  assert.deepEqual(
    Object.keys(f).sort(),
    ['category', 'end', 'message', 'replaceEnd', 'replaceStart', 'rule', 'severity', 'start', 'suggestions'],
  );
  for (const k of ['start', 'end', 'replaceStart', 'replaceEnd']) assert.ok(Number.isInteger(f[k]), `${k} is an integer`);
  assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length, `finding ${f.start}-${f.end} lies within 0-${text.length}`);
  assert.ok(f.replaceStart <= f.start && f.replaceEnd >= f.end, 'the replaced range covers the phrase');
  assert.ok(f.replaceStart >= 0 && f.replaceEnd <= text.length, 'the replaced range lies within the text');
  assert.ok(CATEGORIES.includes(f.category), `category ${f.category}`);
  assert.ok(SEVERITIES.includes(f.severity), `severity ${f.severity}`);
  assert.equal(typeof f.rule, 'string');
  const info = ruleById.get(f.rule);
  assert.ok(info, `rule ${f.rule} is listed by rules()`);
  assert.equal(f.category, info.category);
  assert.equal(f.severity, info.severity);
  assert.equal(f.message, info.message);
  assert.ok(f.message.trim().length > 0, 'message is not empty');
  assert.ok(Array.isArray(f.suggestions) && f.suggestions.length <= 3, '0 to 3 suggestions');
  for (const s of f.suggestions) assert.ok(typeof s === 'string' && s.length > 0, 'suggestion is a non-empty string');
}

function assertSortedAndInBounds(text, findings) {
  for (const f of findings) assertValidFinding(text, f);
  for (let i = 1; i < findings.length; i++) {
    assert.ok(findings[i - 1].start <= findings[i].start, `findings sorted by start (${findings[i - 1].start} > ${findings[i].start})`);
  }
}

function findingFor(text, needle, options) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `test text contains "${needle}"`);
  const found = check(text, options).find((f) => f.start < at + needle.length && at < f.end);
  assert.ok(found, `"${needle}" is flagged`);
  return found;
}

describe('check() findings', () => {
  test('a German mail gets findings of German rules with the documented shape', () => {
    const findings = check(DE_MAIL);
    assert.ok(Array.isArray(findings));
    assertSortedAndInBounds(DE_MAIL, findings);
    for (const needle of [DE_REFUSAL, DE_EXCUSE, DE_BLAME]) {
      const f = findingFor(DE_MAIL, needle);
      assert.equal(ruleById.get(f.rule).lang, 'de', `${f.rule} is a German rule`);
    }
    assert.equal(findingFor(DE_MAIL, DE_REFUSAL).category, 'refusal');
    assert.equal(findingFor(DE_MAIL, DE_EXCUSE).category, 'excuse');
    assert.equal(findingFor(DE_MAIL, DE_BLAME).category, 'blame');
    assert.ok(phrase(DE_MAIL, findingFor(DE_MAIL, DE_REFUSAL)).toLowerCase().includes('geht nicht'));
    assert.ok(phrase(DE_MAIL, findingFor(DE_MAIL, DE_BLAME)).toLowerCase().includes('bereits erwähnt'));
  });

  test('an English mail gets findings of English rules with the documented shape', () => {
    const findings = check(EN_MAIL);
    assertSortedAndInBounds(EN_MAIL, findings);
    for (const needle of [EN_REFUSAL, EN_EXCUSE, EN_BLAME]) {
      const f = findingFor(EN_MAIL, needle);
      assert.equal(ruleById.get(f.rule).lang, 'en', `${f.rule} is an English rule`);
    }
    assert.equal(findingFor(EN_MAIL, EN_REFUSAL).category, 'refusal');
    assert.equal(findingFor(EN_MAIL, EN_EXCUSE).category, 'excuse');
    assert.equal(findingFor(EN_MAIL, EN_BLAME).category, 'blame');
    assert.ok(phrase(EN_MAIL, findingFor(EN_MAIL, EN_BLAME)).toLowerCase().includes('per my last email'));
  });

  test('a clean mail and an empty text give no findings', () => {
    assert.deepEqual(check(''), []);
    assert.deepEqual(check('Hallo Frau Berger,\n\ndie Rechnung liegt bei. Die Lieferung kommt am 12. Mai.\n\nViele Grüße\nAnna'), []);
    assert.deepEqual(check('Dear Jane,\n\nThe invoice is attached. Delivery is on 12 May.\n\nKind regards,\nAnna'), []);
  });

  test('checkJson() gives the same findings as JSON text, each rule\'s texts once', () => {
    // check() hands each text over once and builds the objects from numbers: the same findings,
    // whatever came before (forms of address, a mail mixing Sie and du, checks in turn).
    const MIXED = 'Hallo Frau Berg,\n\nkönnen Sie mir die Datei schicken? Leider geht das nicht, wie du weißt.\n\nGruß';
    const runs = [...SAMPLE_MAILS, MIXED].flatMap((mail) => [
      [mail, { lang: 'auto' }],
      [mail, { address: 'du' }],
      [mail, { address: 'sie' }],
    ]);
    for (const [mail, options] of [...runs, ...runs.reverse()]) {
      const json = checkJson(mail, options);
      assert.equal(typeof json, 'string');
      const { rules: texts, findings } = JSON.parse(json);
      const full = check(mail, options);
      assert.deepEqual(Object.keys(texts).sort(), [...new Set(full.map((f) => f.rule))].sort());
      for (const [id, text] of Object.entries(texts)) {
        const rule = ruleById.get(id);
        assert.deepEqual(text, { category: rule.category, severity: rule.severity, message: rule.message });
      }
      assert.deepEqual(findings.map((f) => ({ ...texts[f.rule], ...f })), full);
    }
    assert.ok(check(MIXED).some((f) => f.rule === 'de.address.mixed'));
    assert.equal(checkJson(''), '{"rules":{},"findings":[]}');
    assert.throws(() => checkJson(DE_MAIL, { lang: 'fr' }), /`lang` must be/);
  });

  test('a Checker finds what check() finds while a mail is written, another one in between', () => {
    const checker = new Checker();
    for (const mail of SAMPLE_MAILS) {
      // The mail as it grows word by word, with an edit in its first line halfway.
      const words = mail.split(' ');
      for (let n = 1; n <= words.length; n += 3) {
        let text = words.slice(0, n).join(' ');
        if (n > words.length / 2) text = text.replace(/^(\S+)/, '$1 leider nicht');
        assert.deepEqual(checker.check(text), check(text), text);
        assert.equal(checker.checkJson(text, { lang: 'auto' }), checkJson(text, { lang: 'auto' }));
        assert.deepEqual(checker.check(EN_MAIL, { lang: 'en' }), check(EN_MAIL, { lang: 'en' }));
      }
    }
    assert.throws(() => checker.check(DE_MAIL, { lang: 'fr' }), /`lang` must be/);
    checker.free();
  });

  test("a finding's suggestions are its own to change", () => {
    const [first] = check(DE_REFUSAL);
    const expected = [...first.suggestions];
    first.suggestions.push('changed');
    first.suggestions[0] = 'changed';
    const [again, twin] = check(`${DE_REFUSAL} ${DE_REFUSAL}`);
    assert.deepEqual(again.suggestions, expected);
    assert.notEqual(again.suggestions, twin.suggestions);
  });

  test('findings are sorted by start and lie within the text', () => {
    for (const mail of SAMPLE_MAILS) {
      const findings = check(mail);
      assert.ok(findings.length >= 2, `several findings in: ${mail.slice(0, 40)}…`);
      assertSortedAndInBounds(mail, findings);
    }
  });
});

describe('offsets are UTF-16 code units', () => {
  // Each case: the sentence with the phrase, and a prefix full of astral emoji, umlauts,
  // combining marks and CRLF line breaks placed before it.
  const DE_PREFIX = 'Hallo Frau Müller 👋🏽,\r\n\r\nGrüße aus Köln 🇩🇪 – die Straße, das Café und Zoë 🎉📚.\r\n' +
    'Bei Jose\u0301 und Man\u0303ana sa\u0308he es so aus: ä ö ü ß.\r\n\r\n';
  const EN_PREFIX = 'Hi Zoë 👋🏽,\r\n\r\nGreetings from Málaga 🇪🇸 – the café, the naïve façade 🎉📚.\r\n' +
    'Jose\u0301 and Man\u0303ana say hello 😀.\r\n\r\n';
  const cases = [
    ['de', DE_PREFIX, DE_REFUSAL, 'geht nicht'],
    ['de', DE_PREFIX, DE_BLAME, 'erwähnt'],
    ['de', DE_PREFIX, DE_EXCUSE, 'geist'],
    ['en', EN_PREFIX, EN_REFUSAL, 'not possible'],
    ['en', EN_PREFIX, EN_BLAME, 'per my last email'],
    ['en', EN_PREFIX, EN_EXCUSE, 'died'],
  ];
  for (const [lang, prefix, sentence, key] of cases) {
    test(`${lang}: "${sentence}" after emoji, umlauts, combining marks and CRLF`, () => {
      assert.ok(/[\uD800-\uDBFF]/.test(prefix) && prefix.includes('\r\n') && /[\u0300-\u036f]/.test(prefix));
      const plainPrefix = lang === 'de' ? 'Hallo,\n\n' : 'Hi,\n\n';
      const plain = plainPrefix + sentence;
      const base = findingFor(plain, sentence, { lang });
      const expected = phrase(plain, base);
      assert.ok(expected.toLowerCase().includes(key), `"${expected}" contains "${key}"`);

      const text = prefix + sentence;
      const shift = prefix.length - plainPrefix.length;
      const f = check(text, { lang }).find((x) => x.rule === base.rule);
      assert.ok(f, `${base.rule} is reported after the exotic prefix`);
      assert.equal(phrase(text, f), expected);
      assert.equal(f.start, base.start + shift);
      assert.equal(f.end, base.end + shift);
      assert.equal(f.replaceStart, base.replaceStart + shift);
      assert.equal(f.replaceEnd, base.replaceEnd + shift);
      assert.equal(text.slice(f.replaceStart, f.replaceEnd), plain.slice(base.replaceStart, base.replaceEnd));
      assert.ok(!text.slice(0, f.start).endsWith('\r') && !/[\uD800-\uDBFF]$/.test(text.slice(0, f.start)));
    });
  }

  test('an emoji glued to a phrase, a soft hyphen or a backtick inside it: found, exact offsets', () => {
    let text = 'Hallo Frau Berg,\n\nleider geht das nicht😊 Bis bald';
    let f = findingFor(text, 'geht das nicht');
    assert.equal(phrase(text, f), 'leider geht das nicht');
    text = 'Hallo Frau Berg,\n\nleider geht das nich\u00ADt. Bis bald';
    f = findingFor(text, 'geht das nich');
    assert.equal(phrase(text, f), 'leider geht das nich\u00ADt');
    text = 'Hi Jane,\n\nSorry, we can`t do that.';
    f = findingFor(text, 'can`t');
    assert.equal(phrase(text, f), 'we can`t do that');
  });

  test('a phrase between emoji on the same line keeps exact offsets', () => {
    const text = 'Hallo Frau Müller,\r\n\r\n🙈 Nein, das geht nicht. 🙈 Grüße 👍🏽';
    const f = findingFor(text, 'Nein, das geht nicht');
    assert.ok(phrase(text, f).toLowerCase().includes('geht nicht'));
    assert.ok(!/[\uD800-\uDFFF]/.test(phrase(text, f)), 'no emoji half inside the phrase');
  });
});

describe('quoted history and signatures are not reported', () => {
  const DE_OWN = 'Hallo Herr Muster,\n\ndanke für Ihre Nachricht. Die Entwürfe schicke ich Ihnen am 12. Mai.\n\nViele Grüße\nAnna\n\n';
  const EN_OWN = 'Hi Jane,\n\nThanks for your message. I will send the drafts on 12 May.\n\nBest,\nAnna\n\n';
  const DE_RISKY = `${DE_REFUSAL} ${DE_EXCUSE} ${DE_BLAME}`;
  const EN_RISKY = `${EN_REFUSAL} ${EN_BLAME} ${EN_EXCUSE}`;

  test('the risky sentences are flagged where they are the writer\'s own', () => {
    assert.ok(check(DE_OWN + DE_RISKY).filter((f) => f.start >= DE_OWN.length).length >= 3);
    assert.ok(check(EN_OWN + EN_RISKY).filter((f) => f.start >= EN_OWN.length).length >= 3);
  });

  const cases = [
    ['"> " quoted lines (de)', DE_OWN, DE_RISKY.split('. ').map((l) => `> ${l}`).join('\n') + '\n'],
    ['"> " quoted lines (en)', EN_OWN, EN_RISKY.split('. ').map((l) => `> ${l}`).join('\n') + '\n'],
    ['history after "Am … schrieb …:"', DE_OWN, `Am 3. Mai 2026 um 10:00 schrieb Max Muster <m@example.com>:\n${DE_RISKY}\n\nGrüße\nMax\n`],
    ['history after "On … wrote:"', EN_OWN, `On Mon, 4 May 2026, Jane wrote:\n${EN_RISKY}\n\nCheers,\nJane\n`],
    ['text below a "-- " signature line (de)', DE_OWN, `-- \nAnna Beispiel · Grafikdesign\n${DE_RISKY}\n`],
    ['text below a "-- " signature line (en)', EN_OWN, `-- \nAnna Example · Graphic design\n${EN_RISKY}\n`],
  ];
  for (const [name, own, tail] of cases) {
    test(name, () => {
      const text = own + tail;
      const findings = check(text);
      const hidden = findings.filter((f) => f.end > own.length);
      assert.deepEqual(hidden.map((f) => `${f.rule}: ${phrase(text, f)}`), []);
      assert.deepEqual(findings, check(own), 'the own part is checked as if alone');
    });
  }

  test('own text after a quoted block is still checked', () => {
    const text = `Hallo Herr Muster,\n\n> ${DE_REFUSAL}\n\nDazu noch: ${DE_BLAME}\n\nGrüße\nAnna`;
    const findings = check(text);
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.start > text.indexOf('Dazu noch')), 'only the unquoted sentence is flagged');
  });
});

describe('options', () => {
  test('lang forces the rule set', () => {
    const auto = check(DE_MAIL);
    assert.deepEqual(check(DE_MAIL, { lang: 'de' }), auto);
    assert.deepEqual(check(DE_MAIL, { lang: 'auto' }), auto);
    for (const f of check(DE_MAIL, { lang: 'en' })) assert.equal(ruleById.get(f.rule).lang, 'en');
    assert.deepEqual(check(EN_MAIL, { lang: 'en' }), check(EN_MAIL));
    for (const f of check(EN_MAIL, { lang: 'de' })) assert.equal(ruleById.get(f.rule).lang, 'de');
    // Forcing German on an English text must drop the English findings.
    assert.ok(!check(EN_MAIL, { lang: 'de' }).some((f) => phrase(EN_MAIL, f).toLowerCase().includes('per my last email')));
  });

  test('undefined, null and {} mean the defaults', () => {
    const plain = check(DE_MAIL);
    assert.deepEqual(check(DE_MAIL, undefined), plain);
    assert.deepEqual(check(DE_MAIL, null), plain);
    assert.deepEqual(check(DE_MAIL, {}), plain);
  });

  test('disabledRules removes exactly that rule', () => {
    const all = check(DE_MAIL);
    const victim = findingFor(DE_MAIL, DE_REFUSAL).rule;
    const without = check(DE_MAIL, { disabledRules: [victim] });
    assert.ok(!without.some((f) => f.rule === victim));
    assert.deepEqual(without, all.filter((f) => f.rule !== victim));
    assert.deepEqual(check(DE_MAIL, { disabledRules: ['xx.no.such-rule'] }), all, 'unknown ids are ignored');
  });

  test('disabledCategories removes whole categories', () => {
    const all = check(DE_MAIL);
    const without = check(DE_MAIL, { disabledCategories: ['refusal'] });
    assert.ok(!without.some((f) => f.category === 'refusal'));
    assert.ok(without.some((f) => f.category === 'excuse') && without.some((f) => f.category === 'blame'));
    assert.deepEqual(without, all.filter((f) => f.category !== 'refusal'));
    const none = check(EN_MAIL, { disabledCategories: ['refusal', 'excuse', 'blame', 'vague', 'manipulation', 'address'] });
    assert.deepEqual(none, []);
  });

  test('allowedPhrases leaves a phrase alone, compared case-insensitively', () => {
    for (const [mail, needle] of [[DE_MAIL, DE_REFUSAL], [DE_MAIL, DE_BLAME], [EN_MAIL, EN_BLAME]]) {
      const f = findingFor(mail, needle);
      const p = phrase(mail, f);
      for (const variant of [p, p.toUpperCase(), p.toLowerCase()]) {
        const after = check(mail, { allowedPhrases: [variant] });
        assert.ok(!after.some((x) => x.start === f.start && x.rule === f.rule), `allowed "${variant}" is not flagged`);
        assert.equal(after.length, check(mail).length - 1, 'only that phrase disappears');
      }
    }
  });

  test("address 'sie' / 'du' chooses the wording of suggestions", () => {
    // Mails that do not reveal their form of address themselves.
    const neutral = [
      `Hallo,\n\n${DE_EXCUSE} Die Datei kommt später.\n\nGruß\nTom`,
      `Hallo,\n\n${DE_REFUSAL}\n\nGruß\nTom`,
      `Hallo,\n\n${DE_BLAME.replace(', fehlt noch Ihre Freigabe', ', fehlt noch die Freigabe')}\n\nGruß\nTom`,
      'Hallo,\n\nich melde mich bei Gelegenheit.\n\nGruß\nTom',
    ];
    let differing = 0;
    for (const mail of neutral) {
      const sie = check(mail, { address: 'sie' });
      const du = check(mail, { address: 'du' });
      assert.deepEqual(sie.map((f) => [f.rule, f.start, f.end]), du.map((f) => [f.rule, f.start, f.end]), 'same findings');
      sie.forEach((f, i) => {
        const a = f.suggestions.join(' | ');
        const b = du[i].suggestions.join(' | ');
        if (a !== b) {
          differing++;
          assert.match(a, formal, `formal wording: ${a}`);
          assert.doesNotMatch(a, informal, `no informal word in: ${a}`);
          assert.match(b, informal, `informal wording: ${b}`);
          assert.doesNotMatch(b, formal, `no formal word in: ${b}`);
        }
      });
    }
    assert.ok(differing > 0, 'at least one rule words its suggestions differently for Sie and du');
  });

  test("address 'auto' follows the mail's own form of address", () => {
    const du = `Hi Max,\n\nich schicke dir die Datei morgen. ${DE_EXCUSE}\n\nLG\nTom`;
    const sie = `Hallo Herr Berger,\n\nich schicke Ihnen die Datei morgen. ${DE_EXCUSE}\n\nViele Grüße\nTom`;
    const pick = (mail, options) => findingFor(mail, DE_EXCUSE, options).suggestions;
    assert.deepEqual(pick(du), pick(du, { address: 'du' }));
    assert.deepEqual(pick(sie), pick(sie, { address: 'sie' }));
  });
});

describe('invalid options', () => {
  const bad = [
    ['unknown key', { foo: 1 }, /foo/],
    ['unknown key next to valid ones', { lang: 'de', disabledRule: ['x'] }, /disabledRule/],
    ["lang 'fr'", { lang: 'fr' }, /fr/],
    ["address 'ihr'", { address: 'ihr' }, /ihr/],
    ['disabledRules not an array', { disabledRules: 'de.refusal.x' }, /disabledRules/],
    ['allowedPhrases with a number', { allowedPhrases: [42] }, /allowedPhrases/],
    ['unknown category', { disabledCategories: ['rude'] }, /rude/],
    ['options not an object', 'de', /option/i],
    ['lang a number, shown as written', { lang: 5 }, /`lang` must be .*, not 5$/],
    ['address an object, shown as written', { address: { form: 'du' } }, /not \{"form":"du"\}$/],
  ];
  for (const [name, options, mention] of bad) {
    test(`${name} throws a clear Error`, () => {
      let caught;
      try {
        check(DE_MAIL, options);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught, 'check() throws');
      assert.ok(caught instanceof Error, `an Error, not ${typeof caught}: ${String(caught)}`);
      assert.match(caught.message, /option/i, `names the problem as an option: ${caught.message}`);
      assert.match(caught.message, mention, `mentions the culprit: ${caught.message}`);
    });
  }

  test('a failed call does not break later calls', () => {
    const before = check(DE_MAIL);
    let thrown = 0;
    for (const [, options] of bad) {
      try {
        check(DE_MAIL, options);
      } catch {
        thrown++;
      }
      assert.deepEqual(check(DE_MAIL), before, `check() still works after options ${JSON.stringify(options)}`);
    }
    assert.ok(thrown > 0, 'at least one invalid option threw');
    assert.deepEqual(check(EN_MAIL, { lang: 'en' }), check(EN_MAIL));
    assert.ok(rules().length > 0);
  });
});

describe('rules()', () => {
  test('returns RuleInfo objects for both languages', () => {
    const list = rules();
    assert.ok(Array.isArray(list) && list.length > 0);
    const ids = new Set();
    for (const r of list) {
      assert.deepEqual(Object.keys(r).sort(), ['category', 'example', 'id', 'lang', 'message', 'severity']);
      assert.ok(!ids.has(r.id), `id ${r.id} is unique`);
      ids.add(r.id);
      assert.ok(['de', 'en'].includes(r.lang), `lang ${r.lang}`);
      assert.ok(CATEGORIES.includes(r.category), `category ${r.category}`);
      assert.ok(SEVERITIES.includes(r.severity), `severity ${r.severity}`);
      assert.ok(r.id.startsWith(`${r.lang}.${r.category}.`), `id ${r.id} is <lang>.<category>.<name>`);
      assert.ok(typeof r.message === 'string' && r.message.trim().length > 0);
      assert.ok(typeof r.example === 'string' && r.example.trim().length > 0);
    }
    for (const lang of ['de', 'en']) {
      for (const category of ['refusal', 'excuse', 'manipulation', 'blame', 'vague']) {
        assert.ok(list.some((r) => r.lang === lang && r.category === category), `a ${lang} rule of category ${category}`);
      }
    }
  });

  test('lists the rules of the catalogue, each with its first example', () => {
    const shown = rules().map((r) => ({ ...r }));
    const written = catalogue().map(({ id, lang, category, severity, message, examples }) => ({
      id, lang, category, severity, message, example: examples[0],
    }));
    assert.deepEqual(shown, written);
  });

  test("every rule's examples are flagged by that rule, its counter-examples are not", () => {
    const failures = [];
    let checked = 0;
    for (const r of catalogue()) {
      for (const ex of r.examples) {
        checked += 1;
        if (!check(ex, { lang: r.lang }).some((f) => f.rule === r.id)) failures.push(`missed by ${r.id}: ${ex}`);
      }
      for (const ex of r.counterExamples) {
        checked += 1;
        if (check(ex, { lang: r.lang }).some((f) => f.rule === r.id)) failures.push(`flagged by ${r.id}: ${ex}`);
      }
    }
    assert.ok(checked > 1000, `${checked} sentences checked`);
    assert.deepEqual(failures, []);
  });
});

describe('robustness', () => {
  test('a 1 MB text is checked without throwing', (t) => {
    const block = `${DE_MAIL}\n\nNoch ein Absatz mit Äpfeln, Öl und Übermut 🍏 – ganz harmlos.\r\n\r\n`;
    const text = block.repeat(Math.ceil(1_000_000 / block.length));
    assert.ok(text.length >= 1_000_000);
    const t0 = performance.now();
    const findings = check(text);
    t.diagnostic(`${text.length} UTF-16 units, ${findings.length} findings in ${Math.round(performance.now() - t0)} ms`);
    assert.ok(findings.length > 0);
    assertSortedAndInBounds(text, findings);
  });

  test('text of any width is read whole: ASCII, umlauts, three-byte signs, emoji', () => {
    // The engine reads a mail with room for ASCII first and makes more room when it does not fit.
    for (const filler of ['', 'ä', '€', '😀', 'x€', '€😀ü']) {
      for (const count of [0, 1, 3, 200]) {
        const text = `${filler.repeat(count)} ${EN_REFUSAL} ${filler.repeat(count)}`;
        const found = check(text, { lang: 'en' });
        assert.equal(found.length, 1, text);
        assert.equal(phrase(text, found[0]), "That's not possible", text);
      }
    }
  });

  test('a text that is no string throws a clear Error', () => {
    for (const text of [42, null, undefined, {}, ['Nein, das geht nicht.']]) {
      assert.throws(() => check(text), /Takt: the text to check must be a string/);
      assert.throws(() => checkJson(text), /Takt: the text to check must be a string/);
    }
    const checker = new Checker();
    assert.throws(() => checker.check(7), /must be a string/);
    assert.equal(checker.check(DE_REFUSAL).length, 1);
    checker.free();
  });

  test('unusual input does not throw', () => {
    for (const text of ['\u0000', '\uD800', '\uDFFF abc', '>', '-- ', '\r\n\r\n', '😀'.repeat(1000), 'a'.repeat(100_000), '.'.repeat(10_000), 'Nein'.repeat(5000)]) {
      const findings = check(text);
      assert.ok(Array.isArray(findings));
      for (const f of findings) assert.ok(f.start >= 0 && f.end <= text.length);
    }
  });
});

describe('suggestions', () => {
  test('applying the first suggestion removes the finding', () => {
    let applied = 0;
    const failures = [];
    for (const mail of SAMPLE_MAILS) {
      for (const f of check(mail)) {
        if (!f.suggestions.length) continue;
        const s = f.suggestions[0];
        const fixed = mail.slice(0, f.replaceStart) + s + mail.slice(f.replaceEnd);
        const region = { start: f.replaceStart, end: f.replaceStart + s.length };
        const still = check(fixed).filter((x) => x.rule === f.rule && x.start < region.end && region.start < x.end);
        applied++;
        if (still.length) failures.push(`${f.rule}: "${phrase(mail, f)}" -> "${s}" is still flagged`);
      }
    }
    assert.ok(applied >= 4, `suggestions applied: ${applied}`);
    assert.deepEqual(failures, []);
  });

  test('a rewrite keeps list markers and starts its sentence with a capital', () => {
    const failures = [];
    const de = (marker, sentence) => `Hallo,\n\nzu Ihren Fragen:\n${marker}${sentence}\n${marker}Die Rechnung kommt am 3. Mai.\n\nGruß\nTom`;
    const en = (marker, sentence) => `Hi,\n\nAbout your questions:\n${marker}${sentence}\n${marker}The invoice will follow on 3 May.\n\nBest,\nTom`;
    for (const [wrap, marker, sentence] of [[de, '- ', DE_REFUSAL], [de, '• ', DE_REFUSAL], [de, '1. ', DE_REFUSAL], [en, '- ', EN_REFUSAL], [en, '* ', EN_REFUSAL]]) {
      const text = wrap(marker, sentence);
      const f = findingFor(text, sentence);
      const lineStart = text.indexOf(marker + sentence);
      if (f.replaceStart < lineStart + marker.length) failures.push(`"${marker}" is inside the replaced range "${text.slice(f.replaceStart, f.replaceEnd)}"`);
      if (f.replaceStart === lineStart + marker.length && f.suggestions.length && !/^\p{Lu}/u.test(f.suggestions[0])) {
        failures.push(`suggestion for a sentence after "${marker}" starts in lower case: "${f.suggestions[0]}"`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
