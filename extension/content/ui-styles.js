// Styles for everything Takt draws itself, inside its own shadow root so the page's CSS cannot
// reach it and ours cannot leak out.

export const CATEGORY_COLORS = Object.freeze({
  refusal: '#dc2626',
  excuse: '#d97706',
  manipulation: '#7c3aed',
  blame: '#db2777',
  vague: '#2563eb',
  address: '#0d9488',
});

const highlightRules = Object.entries(CATEGORY_COLORS)
  .map(
    ([category, color]) =>
      `::highlight(takt-${category}) { text-decoration: underline wavy ${color}; text-decoration-thickness: 1.5px; }`,
  )
  .join('\n');

export const UI_STYLES = `
${highlightRules}

.mirror {
  position: absolute;
  box-sizing: border-box;
  overflow: hidden;
  pointer-events: none;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  color: transparent;
  background: transparent;
  border-color: transparent;
  border-style: solid;
  margin: 0;
}

.card {
  position: fixed;
  box-sizing: border-box;
  width: max-content;
  max-width: min(380px, calc(100vw - 16px));
  padding: 12px;
  border: 1px solid #d1d5db;
  border-radius: 10px;
  background: #ffffff;
  color: #1f2937;
  box-shadow: 0 8px 24px rgba(15, 23, 42, 0.18);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  pointer-events: auto;
  text-align: left;
}
.card[hidden] { display: none; }
.category {
  display: flex;
  align-items: center;
  gap: 6px;
  margin: 0 0 6px;
  font-size: 12px;
  font-weight: 600;
  letter-spacing: 0.02em;
  text-transform: uppercase;
}
.category::before {
  content: "";
  width: 8px;
  height: 8px;
  border-radius: 50%;
  background: var(--category-color, #6b7280);
}
.phrase { margin: 0 0 4px; font-weight: 600; }
.reason { margin: 0 0 10px; }
.suggestions { display: flex; flex-direction: column; gap: 6px; margin: 0 0 10px; }
.suggestion {
  display: block;
  width: 100%;
  padding: 7px 10px;
  border: 1px solid #a7f3d0;
  border-radius: 6px;
  background: #ecfdf5;
  color: #064e3b;
  font: inherit;
  text-align: left;
  cursor: pointer;
}
.suggestion:hover { background: #d1fae5; }
.actions { display: flex; flex-wrap: wrap; gap: 4px 12px; border-top: 1px solid #e5e7eb; padding-top: 8px; }
.action {
  padding: 2px 0;
  border: 0;
  background: none;
  color: #374151;
  font: inherit;
  font-size: 13px;
  text-decoration: underline;
  cursor: pointer;
}
button:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }

/* On an editor with a dark background (the page's theme, see surface.js). */
.card.dark {
  border-color: #4b5563;
  background: #1f2937;
  color: #e5e7eb;
  box-shadow: 0 8px 24px rgba(0, 0, 0, 0.5);
}
.card.dark .suggestion { border-color: #065f46; background: #064e3b; color: #d1fae5; }
.card.dark .suggestion:hover { background: #065f46; }
.card.dark .actions { border-top-color: #374151; }
.card.dark .action { color: #d1d5db; }
.card.dark button:focus-visible { outline-color: #60a5fa; }

.length-notice {
  position: absolute;
  box-sizing: border-box;
  width: max-content;
  max-width: 360px;
  padding: 3px 9px;
  transform: translateX(-100%);
  border: 1px solid #fcd34d;
  border-radius: 10px;
  background: rgba(255, 251, 235, 0.95);
  color: #92400e;
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  pointer-events: none;
}
.length-notice[hidden] { display: none; }
`;
