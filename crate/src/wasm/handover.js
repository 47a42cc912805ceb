// The JavaScript half of handing a mail in and its findings out (see handover.rs): the mail's
// bytes, the rule texts and lists of suggestions the engine has sent, and the finding objects
// built from a check's numbers.

const encoder = new TextEncoder();

export function encodeText(text, into) {
  return encoder.encodeInto(text, into).written;
}

const rules = [];
const lists = [];

export function takeFindings(numbers, news) {
  if (news !== '') {
    const [newRules, newLists] = JSON.parse(news);
    for (const [number, rule, category, severity, message] of newRules) {
      rules[number] = { rule, category, severity, message };
    }
    for (const [number, list] of newLists) lists[number] = list;
  }
  const findings = [];
  for (let i = 0; i < numbers.length; i += 6) {
    const { rule, category, severity, message } = rules[numbers[i + 4]];
    findings.push({
      start: numbers[i],
      end: numbers[i + 1],
      rule,
      category,
      severity,
      message,
      // A list of its own for each finding: a caller may change it.
      suggestions: lists[numbers[i + 5]].slice(),
      replaceStart: numbers[i + 2],
      replaceEnd: numbers[i + 3],
    });
  }
  return findings;
}
