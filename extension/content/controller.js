// Content-script side of Takt for one document: decides whether Takt is active here (site switch,
// global pause), finds editors, runs one EditorSession per editor, owns the shared highlighter and
// card, and talks to the background. Whatever goes wrong (engine missing, extension reloaded), the
// editor keeps working exactly as without Takt.

import {
  isActiveOn,
  normalizeSettings,
  readSettings,
  SETTINGS_KEYS,
  writeSettings,
} from '../shared/settings.js';
import { readCheckAnswer } from '../shared/check-answer.js';
import { WorkerChannel } from '../shared/worker-channel.js';
import { EditorSession } from './editor-session.js';
import { editorForNode, findKnownEditors, isEligibleEditor } from './editor-discovery.js';
import { Highlighter } from './highlighter.js';
import { FindingCard } from './card.js';
import { existingUiRoot, publishState, removeUiRoot } from './ui-root.js';
import {
  ignoredOccurrencesChanged,
  loadIgnoredOccurrences,
  rememberIgnoredOccurrence,
} from './ignored-occurrences.js';

const extensionApi = globalThis.browser ?? globalThis.chrome;
const RESCAN_INTERVAL_MS = 500;

function currentHost() {
  // about:blank and srcdoc frames inherit their creator's origin (window.origin has it, while
  // location says about:blank), and with it the creator's site switch.
  for (const origin of [window.origin, location.origin]) {
    try {
      const host = new URL(origin).hostname.toLowerCase();
      if (host) return host;
    } catch {
      // "null" for opaque origins; try the next one.
    }
  }
  return '';
}

export class Controller {
  constructor() {
    this.host = currentHost();
    this.settings = normalizeSettings({});
    this.ignoredOccurrences = new Set();
    this.highlighter = new Highlighter();
    this.card = new FindingCard();
    this.sessions = new Map();
    this.active = false;
    this.focusedSession = null;
    this.completedChecks = 0;
    this.engineError = null;
    this.rescanTimer = null;
    this.documentObserver = null;
    this.extensionAlive = true;
    this.worker = new WorkerChannel(extensionApi.runtime);

    this.onFocusIn = (event) => this.handleFocusIn(event);
    this.onClick = (event) => this.handleClick(event);
    this.onKeydown = (event) => this.handleKeydown(event);
  }

  async start() {
    const [settings, ignored] = await Promise.all([
      readSettings(extensionApi.storage.sync),
      loadIgnoredOccurrences(),
    ]);
    this.settings = settings;
    this.ignoredOccurrences = ignored;
    extensionApi.storage.onChanged.addListener((changes, areaName) => this.onStorageChanged(changes, areaName));
    extensionApi.runtime.onMessage.addListener((message, sender, sendResponse) =>
      this.onMessage(message, sender, sendResponse),
    );
    this.updateActivation();
  }

  // ---- activation -------------------------------------------------------------------------

  updateActivation() {
    const shouldBeActive = this.extensionAlive && isActiveOn(this.settings, this.host);
    if (shouldBeActive && !this.active) this.activate();
    else if (!shouldBeActive && this.active) this.deactivate();
  }

  activate() {
    this.active = true;
    document.addEventListener('focusin', this.onFocusIn, true);
    document.addEventListener('click', this.onClick, true);
    // On window, capturing: Alt+Enter reaches Takt before the editor or the page acts on it.
    window.addEventListener('keydown', this.onKeydown, true);
    // Known compose bodies can appear at any time (new compose, reply); look again after DOM
    // changes, at most every RESCAN_INTERVAL_MS.
    this.documentObserver = new MutationObserver(() => this.scheduleRescan());
    this.documentObserver.observe(document.documentElement, { childList: true, subtree: true });
    this.rescan();
    const focused = editorForNode(document.activeElement);
    if (focused) this.attach(focused);
  }

  deactivate() {
    this.active = false;
    document.removeEventListener('focusin', this.onFocusIn, true);
    document.removeEventListener('click', this.onClick, true);
    window.removeEventListener('keydown', this.onKeydown, true);
    this.documentObserver?.disconnect();
    this.documentObserver = null;
    clearTimeout(this.rescanTimer);
    this.rescanTimer = null;
    this.card.close({ returnFocus: false });
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    this.highlighter.clearAll();
    this.focusedSession = null;
    this.report(null);
    removeUiRoot();
  }

  publish() {
    // Frames without editors (webmail pages have many) get no element from Takt at all.
    if (!this.active || (this.sessions.size === 0 && !existingUiRoot())) return;
    publishState({ active: true, completedChecks: this.completedChecks, engineError: this.engineError });
  }

  // ---- editors ----------------------------------------------------------------------------

  scheduleRescan() {
    if (this.rescanTimer !== null) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      if (this.active) this.rescan();
    }, RESCAN_INTERVAL_MS);
  }

  rescan() {
    for (const [element, session] of this.sessions) {
      if (!element.isConnected) {
        session.destroy();
        this.sessions.delete(element);
        if (this.focusedSession === session) this.focusedSession = null;
      }
    }
    for (const element of findKnownEditors()) this.attach(element);
  }

  attach(element) {
    if (!this.active || !isEligibleEditor(element) || existingUiRoot()?.host.contains(element)) return null;
    let session = this.sessions.get(element);
    if (!session) {
      session = new EditorSession(element, this);
      this.sessions.set(element, session);
    }
    return session;
  }

  sessionForNode(node) {
    const editor = editorForNode(node);
    return editor ? (this.sessions.get(editor) ?? this.attach(editor)) : null;
  }

  handleFocusIn(event) {
    const session = this.sessionForNode(event.composedPath()[0] ?? event.target);
    if (!session) return;
    this.warmUp();
    if (this.focusedSession !== session) {
      this.focusedSession = session;
      this.report(session);
    }
  }

  /**
   * Wakes the worker and has it run the engine once, so that a check that follows does not wait
   * for the worker to start and the engine to compile. Nothing to do while the port to the worker
   * is open: the browser closes it when it stops the worker.
   */
  warmUp() {
    if (this.worker.connected) return;
    this.send({ type: 'warmup' }).catch(() => {});
  }

  handleClick(event) {
    if (event.button !== 0 || event.composedPath().includes(existingUiRoot()?.host)) return;
    const session = this.sessionForNode(event.target);
    if (!session) return;
    // A click inside selected text (it could have started a drag) moves the caret only after the
    // click event, so look at the caret one task later.
    setTimeout(() => {
      if (!this.active || session.destroyed) return;
      const finding = session.findingAtCaret();
      if (finding && this.card.openFindingId !== finding.id) this.openCard(session, finding, { takeFocus: false });
      else if (!finding) this.card.close({ returnFocus: false });
    }, 0);
  }

  handleKeydown(event) {
    if (!(event.altKey && event.key === 'Enter') || event.ctrlKey || event.metaKey) return;
    const session = this.sessionForNode(event.target);
    const finding = session?.findingAtCaret();
    if (!finding) return;
    event.preventDefault();
    event.stopPropagation();
    this.openCard(session, finding, { takeFocus: true });
  }

  // ---- card -------------------------------------------------------------------------------

  openCard(session, finding, { takeFocus }) {
    const savedSelection = session.adapter.saveSelection();
    const restoreFocus = () => session.adapter.restoreSelection(savedSelection);
    const closeAndReturn = () => this.card.close({ returnFocus: true });
    this.card.open({
      session,
      finding,
      phrase: finding.phrase,
      takeFocus,
      restoreFocus,
      anchorRect: () => session.anchorRectFor(finding.id),
      actions: {
        suggestion: async (index) => {
          this.card.close({ returnFocus: false });
          await session.applySuggestion(finding.id, index);
        },
        ignore: () => {
          const key = session.occurrenceKeyFor(finding);
          this.ignoredOccurrences.add(key);
          closeAndReturn();
          this.rerenderAll();
          rememberIgnoredOccurrence(key).catch(() => {});
        },
        disableRule: () => {
          closeAndReturn();
          this.updateSettings({ disabledRules: [...this.settings.disabledRules, finding.rule] });
        },
        allowPhrase: () => {
          closeAndReturn();
          this.updateSettings({ allowedPhrases: [...this.settings.allowedPhrases, finding.phrase.trim()] });
        },
      },
    });
  }

  updateSettings(changes) {
    // Shown at once; storage.onChanged confirms it and tells the other tabs.
    this.settings = normalizeSettings({ ...this.settings, ...changes });
    this.rerenderAll();
    writeSettings(extensionApi.storage.sync, changes).catch(() => {});
  }

  rerenderAll() {
    for (const session of this.sessions.values()) session.render();
    if (this.focusedSession) this.report(this.focusedSession);
  }

  // ---- background -------------------------------------------------------------------------

  async send(message) {
    try {
      return await this.worker.send(message);
    } catch (error) {
      // After an update or reload of the extension this content script is orphaned: stop quietly.
      if (!extensionApi.runtime?.id) {
        this.extensionAlive = false;
        this.updateActivation();
      }
      throw error;
    }
  }

  async requestCheck(text) {
    try {
      return readCheckAnswer(await this.send({ type: 'check', text }));
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  onCheckCompleted(session, response) {
    this.completedChecks += 1;
    this.engineError = response.error ?? null;
    this.publish();
  }

  /** A card whose finding went away (edited, re-checked, silenced) must not linger. */
  onRendered(session) {
    if (this.card.openSession !== session) return;
    if (session.findingById(this.card.openFindingId)) this.card.position();
    else this.card.close({ returnFocus: false });
  }

  onFindingsChanged(session) {
    if (session === this.focusedSession || (!this.focusedSession && this.sessions.size === 1)) this.report(session);
  }

  report(session) {
    const findings = session
      ? session.visibleFindings().map((finding) => ({
          id: finding.id,
          rule: finding.rule,
          category: finding.category,
          message: finding.message,
          phrase: finding.phrase,
          suggestions: finding.suggestions,
        }))
      : [];
    const uncheckedFrom = session?.uncheckedFrom ?? null;
    this.send({ type: 'report', editorId: session?.id ?? '', findings, uncheckedFrom }).catch(() => {});
  }

  onMessage(message, sender, sendResponse) {
    if (sender.id !== extensionApi.runtime.id || message?.type !== 'applySuggestion') return false;
    const session = [...this.sessions.values()].find((candidate) => candidate.id === message.editorId);
    if (!session) return false;
    session
      .applySuggestion(message.findingId, message.suggestionIndex)
      .then(sendResponse, () => sendResponse({ applied: false }));
    return true;
  }

  onStorageChanged(changes, areaName) {
    const ignored = ignoredOccurrencesChanged(changes, areaName);
    if (ignored) {
      this.ignoredOccurrences = ignored;
      this.rerenderAll();
    }
    if (areaName !== 'sync' || !SETTINGS_KEYS.some((key) => key in changes)) return;
    readSettings(extensionApi.storage.sync).then((settings) => {
      const engineRelevantChange = ['lang', 'address', 'disabledRules', 'disabledCategories', 'allowedPhrases'].some(
        (key) => key in changes,
      );
      this.settings = settings;
      this.updateActivation();
      if (!this.active) return;
      for (const session of this.sessions.values()) session.refresh({ recheck: engineRelevantChange });
      if (this.focusedSession) this.report(this.focusedSession);
    });
  }
}
