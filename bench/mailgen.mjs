// Generates the benchmark mails: business mails in German and English with a
// few risky phrases per KB mixed in, byte-exact in size and the same on every
// machine (seeded PRNG, no Math.random), so native and WebAssembly numbers
// are measured on the very same text.
//
//   node bench/mailgen.mjs      writes bench/.cache/mail-{de,en}-{1,10,100}k.txt
//
// The risky sentences are written the way people write them, not copied from
// the rules: the benchmark should not get faster or slower because a rule's
// examples happen to be in it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LANGS = ['de', 'en'];
export const SIZES_KB = [1, 10, 100];
export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/** Share of sentences that carry a risky phrase: about 2-3 per KB. */
const RISKY_SHARE = 0.22;

/** mulberry32: tiny, fast, and identical in every JS engine. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed per mail, so each size is its own text rather than a prefix of the next. */
function seedOf(label) {
  let h = 2166136261;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

const VOCABULARY = {
  de: {
    name: ['Frau Winter', 'Herr Berger', 'Frau Kaya', 'Herr Nowak', 'Frau Schulte', 'Herr Yilmaz'],
    firstName: ['Jonas', 'Miriam', 'Stefan', 'Aylin', 'Tobias', 'Lena'],
    thing: ['das Angebot', 'die Rechnung', 'den Entwurf', 'die Lieferung', 'den Wartungsvertrag',
      'die Startseite', 'die Schnittstelle', 'die Bestellung', 'das Lastenheft', 'die Schulung'],
    project: ['Relaunch 2026', 'Lager Nord', 'Filiale Köln', 'CRM-Umstellung', 'Messestand Hannover'],
    date: ['Montag', 'Dienstagvormittag', 'den 14. März', 'Ende des Monats', 'KW 23', 'Freitag, den 7. Juni'],
    greeting: ['Hallo {name},', 'Sehr geehrte/r {name},', 'Guten Tag {name},', 'Liebe/r {name},'],
    closing: ['Viele Grüße\nTom Berger', 'Mit freundlichen Grüßen\nSabine Hoffmann', 'Beste Grüße\nMarkus Lehmann'],
    signature: '-- \nBerger Webdesign GmbH · Hauptstraße 5 · 10115 Berlin · Tel. 030 1234567',
    plain: [
      'vielen Dank für Ihre Nachricht und die ausführlichen Unterlagen.',
      'anbei erhalten Sie {thing} für das Projekt {project}.',
      'Die Lieferung der {n} Geräte ist für {date} eingeplant.',
      'Bitte prüfen Sie Position {n} der Rechnung Nr. {nr} noch einmal.',
      'Unser Techniker {firstName} kommt am {date} gegen {hour} Uhr bei Ihnen vorbei.',
      'Die Kosten belaufen sich auf {n}.{m}0 Euro zzgl. MwSt.',
      'Gern stimmen wir die nächsten Schritte in einem kurzen Telefonat ab.',
      'Im Anhang finden Sie {thing} mit den gewünschten Änderungen.',
      'Für Rückfragen stehe ich Ihnen jederzeit gern zur Verfügung.',
      'Das Protokoll der Besprechung vom {date} liegt dieser Mail bei.',
      'Die Freigabe durch Ihre Buchhaltung steht noch aus, danach starten wir sofort.',
      'Wir haben {thing} intern abgestimmt und die Anmerkungen von {firstName} eingearbeitet.',
      'Die Abnahme planen wir gemeinsam mit Ihrem Team für {date}.',
      'Könnten Sie uns bis {date} kurz Bescheid geben, welche Variante Ihnen lieber ist?',
      'Die Zugangsdaten für das Testsystem schicke ich Ihnen in einer separaten Nachricht.',
      'Das Update auf Version {n}.{m} läuft seit heute Morgen stabil auf allen Servern.',
      'Montags geht das leider nicht, aber am Mittwoch hätten wir ab 9 Uhr Zeit für Sie.',
      'Die Ware ist heute in unserem Lager in Kassel eingegangen und wird morgen verschickt.',
      'Wir freuen uns auf die weitere Zusammenarbeit im Projekt {project}.',
      'Bei Fragen zur Rechnung wenden Sie sich bitte direkt an {firstName} aus der Buchhaltung.',
    ],
    risky: [
      'Nein, das geht nicht.',
      'Einen Shop mit Ratenzahlung wollen Sie auch noch? Nein, das geht nicht.',
      'Die Datei kommt erst jetzt, mein Rechner hat den Geist aufgegeben.',
      'Leider ist mein Laptop letzte Woche kaputtgegangen, deshalb hat es gedauert.',
      'Wie bereits erwähnt, ist das nicht Teil des Angebots.',
      'Wie schon mehrfach gesagt, brauchen wir die Freigabe vorher.',
      'Die Entwürfe schicke ich Ihnen so bald wie möglich.',
      'Wir melden uns zeitnah bei Ihnen.',
      'Da haben Sie wohl etwas falsch verstanden.',
      'Das ist nicht unser Problem, das müssen Sie mit dem Hersteller klären.',
      'Sie wissen ja, wie das ist.',
      'Das haben wir schon immer so gemacht.',
      'Ich versuche, es bis Ende der Woche zu schaffen.',
      'Das hätten Sie uns früher sagen müssen.',
      'Kannst du mir die Unterlagen bis {date} schicken?',
    ],
  },
  en: {
    name: ['Ms Winter', 'Mr Berger', 'Ms Kaya', 'Mr Novak', 'Ms Shaw', 'Mr Patel'],
    firstName: ['Jonas', 'Miriam', 'Steven', 'Aylin', 'Toby', 'Lena'],
    thing: ['the quote', 'the invoice', 'the draft', 'the delivery', 'the maintenance contract',
      'the landing page', 'the API integration', 'the purchase order', 'the specification', 'the training'],
    project: ['Relaunch 2026', 'Warehouse North', 'Cologne branch', 'CRM migration', 'Hanover trade fair'],
    date: ['Monday', 'Tuesday morning', 'March 14', 'the end of the month', 'week 23', 'Friday, June 7'],
    greeting: ['Hi {name},', 'Dear {name},', 'Hello {name},', 'Good morning {name},'],
    closing: ['Best regards,\nTom Berger', 'Kind regards,\nSabine Hoffman', 'Many thanks,\nMark Lehman'],
    signature: '-- \nBerger Web Design Ltd · 5 High Street · London EC1A 1BB · +44 20 7946 0000',
    plain: [
      'thank you for your message and the detailed documents.',
      'please find attached {thing} for the {project} project.',
      'Delivery of the {n} devices is scheduled for {date}.',
      'Could you please double-check item {n} on invoice no. {nr}?',
      'Our technician {firstName} will come by on {date} at around {hour} o\'clock.',
      'The total comes to {n},{m}00 pounds plus VAT.',
      'I\'d be happy to walk you through the next steps in a short call.',
      'Attached you will find {thing} with the changes you asked for.',
      'If you have any questions, just let me know.',
      'The minutes of the meeting on {date} are attached to this email.',
      'We are still waiting for approval from your accounts team, then we start right away.',
      'We reviewed {thing} internally and included {firstName}\'s comments.',
      'We plan the acceptance test together with your team for {date}.',
      'Could you let us know by {date} which option you prefer?',
      'I will send the login details for the test system in a separate message.',
      'The update to version {n}.{m} has been running smoothly on all servers since this morning.',
      'Monday doesn\'t work for us, but we could offer you Wednesday from 9 am.',
      'The goods arrived at our warehouse in Leeds today and will ship tomorrow.',
      'We look forward to continuing our work together on {project}.',
      'For questions about the invoice, please contact {firstName} in accounts directly.',
    ],
    risky: [
      'That\'s not possible.',
      'A payment plan on top of that? That\'s not possible, I\'m afraid.',
      'Per my last email, the deadline was Friday.',
      'As I already mentioned, this is not part of the quote.',
      'I\'ll try to get it done soon.',
      'We will get back to you as soon as possible.',
      'Sorry for the delay, my computer crashed last week.',
      'You must have misunderstood the proposal.',
      'That\'s not our problem, you will have to take it up with the manufacturer.',
      'As you surely know, these things take time.',
      'We have always done it this way.',
      'You should have told us earlier.',
      'Unfortunately there is nothing we can do.',
      'To be honest, we never promised that.',
      'Just to be clear, this was your decision.',
    ],
  },
};

function fill(template, words, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const number = (max) => String(1 + Math.floor(random() * max));
  return template.replace(/\{(\w+)\}/g, (_, slot) => {
    switch (slot) {
      case 'n': return number(90);
      case 'm': return number(9);
      case 'nr': return `2026-${number(9000)}`;
      case 'hour': return String(8 + Math.floor(random() * 9));
      default: return pick(words[slot]);
    }
  });
}

const bytesOf = (s) => Buffer.byteLength(s, 'utf8');

const capitalised = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One mail of exactly `bytes` UTF-8 bytes: greeting, paragraphs of three to
 * six sentences, closing and signature. The last line is padded with spaces
 * (harmless to every checker) when no further sentence fits.
 */
export function generateMail(lang, bytes, seed = seedOf(`${lang}-${bytes}`)) {
  const words = VOCABULARY[lang];
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const sentence = () => fill(pick(random() < RISKY_SHARE ? words.risky : words.plain), words, random);
  const paragraphLength = () => 3 + Math.floor(random() * 4);

  const head = `${fill(pick(words.greeting), words, random)}\n\n`;
  const tail = `\n\n${pick(words.closing)}\n${words.signature}\n`;
  let room = bytes - bytesOf(head) - bytesOf(tail);
  if (room < 0) throw new Error(`a mail needs more than ${bytes} bytes`);

  let body = '';
  let sentencesInParagraph = 0;
  let wanted = paragraphLength();
  // Near the end most sentences no longer fit; a few more tries fill the gap.
  for (let misses = 0; misses < 40; ) {
    const newParagraph = sentencesInParagraph >= wanted;
    const separator = body === '' ? '' : newParagraph ? '\n\n' : ' ';
    // The first sentence follows "Hallo …," and keeps its lower-case start.
    const next = body === '' ? sentence() : capitalised(sentence());
    const cost = bytesOf(separator + next);
    if (cost > room) {
      misses += 1;
      continue;
    }
    body += separator + next;
    room -= cost;
    if (newParagraph) {
      sentencesInParagraph = 1;
      wanted = paragraphLength();
    } else {
      sentencesInParagraph += 1;
    }
  }
  const mail = head + body + ' '.repeat(room) + tail;
  if (bytesOf(mail) !== bytes) throw new Error(`generated ${bytesOf(mail)} bytes instead of ${bytes}`);
  return mail;
}

export const mailPath = (lang, kb) => join(CACHE_DIR, `mail-${lang}-${kb}k.txt`);

/** Writes every benchmark mail to bench/.cache and returns their paths. */
export function writeCorpus() {
  mkdirSync(CACHE_DIR, { recursive: true });
  // Generated files stay out of version control wherever the checkout is.
  writeFileSync(join(CACHE_DIR, '.gitignore'), '*\n');
  const paths = [];
  for (const lang of LANGS) {
    for (const kb of SIZES_KB) {
      const path = mailPath(lang, kb);
      writeFileSync(path, generateMail(lang, kb * 1024));
      paths.push(path);
    }
  }
  return paths;
}

/** The benchmark mails, generated in memory: `{ de: { 1: text, 10: …, 100: … }, en: … }`. */
export function corpus() {
  return Object.fromEntries(
    LANGS.map((lang) => [lang, Object.fromEntries(SIZES_KB.map((kb) => [kb, generateMail(lang, kb * 1024)]))]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const path of writeCorpus()) console.log(path);
}
