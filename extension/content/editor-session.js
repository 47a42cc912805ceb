// Everything Takt knows about one editor: its current text, the findings for it, and the check
// cycle. Data flows one way: editor change -> text -> (debounced) check -> findings -> highlights.
// Findings from a check are tied to the text they were computed for; when the text has moved on
// they are carried over to the current text (or dropped where the edit touched them), and a
// result older than one already shown is thrown away.

import { createAdapter } from './editor-adapters.js';
import { remapFindings } from './text-diff.js';
import { applyReplacement } from './apply.js';
import { occurrenceKey } from './ignored-occurrences.js';
import { LengthNotice } from './length-notice.js';
import { CATEGORIES, isFindingSuppressed } from '../shared/settings.js';

export const CHECK_DEBOUNCE_MS = 300;

let nextSessionId = 1;
let nextFindingId = 1;

/** Engine output is data from another module; keep only findings that make sense for the text. */
function acceptFinding(raw, text) {
  if (!raw || typeof raw !== 'object') return null;
  const { start, end, replaceStart, replaceEnd } = raw;
  const offsets = [start, end, replaceStart, replaceEnd];
  if (!offsets.every((value) => Number.isInteger(value) && value >= 0 && value <= text.length)) return null;
  if (!(start < end) || replaceStart > replaceEnd) return null;
  if (!CATEGORIES.includes(raw.category)) return null;
  return {
    id: nextFindingId++,
    rule: String(raw.rule ?? ''),
    category: raw.category,
    severity: raw.severity === 'hint' ? 'hint' : 'warning',
    message: String(raw.message ?? ''),
    suggestions: Array.isArray(raw.suggestions) ? raw.suggestions.filter((s) => typeof s === 'string').slice(0, 3) : [],
    start,
    end,
    replaceStart,
    replaceEnd,
    phrase: text.slice(start, end),
    replaced: text.slice(replaceStart, replaceEnd),
  };
}

function identityKey(finding) {
  return [finding.rule, finding.start, finding.end, finding.replaceStart, finding.replaceEnd, finding.phrase].join('|');
}

export class EditorSession {
  /**
   * controller: { settings, ignoredOccurrences, highlighter, warmUp(), requestCheck(text),
   *               onFindingsChanged(session), onCheckCompleted(session, response) }
   */
  constructor(element, controller) {
    this.id = `editor-${nextSessionId++}`;
    this.element = element;
    this.controller = controller;
    this.adapter = createAdapter(element);
    this.model = this.adapter.readModel();
    this.findings = [];
    this.shownRanges = new Map();
    this.sentSequence = 0;
    this.shownSequence = 0;
    this.checkTimer = null;
    // Long mails are checked up to a limit: where the last check stopped (null: it read everything),
    // and the note that says so.
    this.uncheckedFrom = null;
    this.lengthNotice = new LengthNotice(element);
    this.destroyed = false;
    this.adapter.observe(() => this.onContentChanged());
    this.scheduleCheck(0);
  }

  get text() {
    return this.model.text;
  }

  onContentChanged() {
    if (this.destroyed) return;
    const previousText = this.model.text;
    this.model = this.adapter.readModel();
    if (this.model.text === previousText) {
      // Same text, possibly new nodes (editors re-render): ranges must be rebuilt.
      this.render();
      return;
    }
    this.findings = remapFindings(this.findings, previousText, this.model.text);
    this.render();
    // The browser stops an idle worker: typing again wakes it now, so that it is ready by the
    // time the typing pause is over and the check is sent.
    this.controller.warmUp();
    this.scheduleCheck(CHECK_DEBOUNCE_MS);
  }

  scheduleCheck(delay) {
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => this.runCheck(), delay);
  }

  async runCheck() {
    if (this.destroyed) return;
    const sequence = ++this.sentSequence;
    const checkedText = this.model.text;
    const response = await this.controller.requestCheck(checkedText);
    if (this.destroyed || sequence < this.shownSequence) return;
    this.controller.onCheckCompleted(this, response);
    if (response.error) return;
    this.shownSequence = sequence;
    const { checkedLength } = response;
    this.uncheckedFrom = Number.isInteger(checkedLength) && checkedLength < checkedText.length ? checkedLength : null;
    this.lengthNotice.update(this.uncheckedFrom);
    const findings = [];
    for (const raw of response.findings ?? []) {
      const finding = acceptFinding(raw, checkedText);
      if (finding) findings.push(finding);
    }
    // The writer may have typed while the engine was busy.
    this.model = this.adapter.readModel();
    this.findings = this.keepIdentities(remapFindings(findings, checkedText, this.model.text));
    this.render();
    this.controller.onFindingsChanged(this);
  }

  /**
   * A finding that is still the same phrase at the same place keeps its id across checks, so a
   * card opened for it stays valid when a new result arrives.
   */
  keepIdentities(findings) {
    const known = new Map(this.findings.map((finding) => [identityKey(finding), finding.id]));
    return findings.map((finding) => {
      const id = known.get(identityKey(finding));
      return id === undefined ? finding : { ...finding, id };
    });
  }

  /** Findings that are neither silenced by settings or "Ignore here" nor outdated by edits. */
  visibleFindings() {
    const text = this.model.text;
    const { settings, ignoredOccurrences } = this.controller;
    return this.findings.filter(
      (finding) =>
        text.slice(finding.start, finding.end) === finding.phrase &&
        text.slice(finding.replaceStart, finding.replaceEnd) === finding.replaced &&
        !isFindingSuppressed(settings, finding, finding.phrase) &&
        !(ignoredOccurrences.size > 0 && ignoredOccurrences.has(occurrenceKey(text, finding))),
    );
  }

  render() {
    if (this.destroyed) return;
    const entries = [];
    // finding id -> the Range shown for it, handed back to rangeFor for reuse.
    const shownRanges = new Map();
    for (const finding of this.visibleFindings()) {
      const range = this.model.rangeFor(finding.start, finding.end, this.shownRanges.get(finding.id));
      if (!range) continue;
      shownRanges.set(finding.id, range);
      entries.push({ category: finding.category, range });
    }
    this.shownRanges = shownRanges;
    this.controller.highlighter.show(this, entries);
    this.controller.onRendered(this);
  }

  findingById(id) {
    return this.visibleFindings().find((finding) => finding.id === id) ?? null;
  }

  /** The finding under the caret: inside it, or touching its end (just typed). */
  findingAtCaret() {
    const model = this.adapter.readModel();
    const offset = this.adapter.caretOffset(model);
    if (offset === null) return null;
    const visible = this.visibleFindings();
    return (
      visible.find((finding) => finding.start <= offset && offset < finding.end) ??
      visible.find((finding) => finding.end === offset) ??
      null
    );
  }

  anchorRectFor(findingId) {
    const finding = this.findingById(findingId);
    if (!finding) return null;
    const range = this.model.rangeFor(finding.start, finding.end);
    if (!range) return null;
    const rects = range.getClientRects();
    return rects.length > 0 ? rects[0] : range.getBoundingClientRect();
  }

  async applySuggestion(findingId, suggestionIndex) {
    const finding = this.findingById(findingId);
    const replacement = finding?.suggestions[suggestionIndex];
    if (replacement === undefined) return { applied: false, reason: 'gone' };
    const result = await applyReplacement(this.adapter, {
      start: finding.replaceStart,
      end: finding.replaceEnd,
      expected: finding.replaced,
      replacement,
    });
    // The mutation observer usually notices the edit; make sure the next check happens anyway.
    this.onContentChanged();
    this.scheduleCheck(result.applied ? CHECK_DEBOUNCE_MS : 0);
    return { applied: result.applied, reason: result.reason };
  }

  occurrenceKeyFor(finding) {
    return occurrenceKey(this.model.text, finding);
  }

  /** Drops highlights and restarts the cycle, e.g. after settings changed. */
  refresh({ recheck }) {
    this.model = this.adapter.readModel();
    this.render();
    if (recheck) this.scheduleCheck(0);
  }

  destroy() {
    this.destroyed = true;
    this.lengthNotice.hide();
    clearTimeout(this.checkTimer);
    this.adapter.destroy();
    this.controller.highlighter.clear(this);
  }
}
