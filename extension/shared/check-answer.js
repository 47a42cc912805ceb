// The worker answers a check with the findings as JSON text, straight from the engine. Extension
// messaging turns every object and string of a message into a value of its own and back again;
// for the findings of a long mail that costs milliseconds, while one string is only copied.

/** The answer to a check message as { findings, checkedLength, elapsedMs }, or { error }. */
export function readCheckAnswer(response) {
  if (!response) return { error: 'no answer' };
  if (response.error) return { error: String(response.error) };
  let findings;
  try {
    findings = JSON.parse(response.findingsJson);
  } catch {
    findings = null;
  }
  if (!Array.isArray(findings)) return { error: 'the answer holds no findings' };
  return { findings, checkedLength: response.checkedLength, elapsedMs: response.elapsedMs };
}
