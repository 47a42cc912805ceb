// The worker answers a check with the engine's JSON text as it is: `{ rules, findings }`, each
// rule's category, severity and message given once and the findings naming their rule by id
// (crate/src/finding.rs, `Compact`). Extension messaging turns every object and string of a
// message into a value of its own and back again; for the findings of a long mail that costs
// milliseconds, while one string is only copied.

/** The answer to a check message as { findings, checkedLength, elapsedMs }, or { error }. */
export function readCheckAnswer(response) {
  if (!response) return { error: 'no answer' };
  if (response.error) return { error: String(response.error) };
  let result;
  try {
    result = JSON.parse(response.resultJson);
  } catch {
    result = null;
  }
  if (!Array.isArray(result?.findings) || typeof result.rules !== 'object' || result.rules === null) {
    return { error: 'the answer holds no findings' };
  }
  const findings = result.findings.map((finding) => ({ ...result.rules[finding.rule], ...finding }));
  return { findings, checkedLength: response.checkedLength, elapsedMs: response.elapsedMs };
}
