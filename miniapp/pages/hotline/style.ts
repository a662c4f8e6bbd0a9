/**
 * The hotline pages' own CSS, added to the document by their chunk when it first runs (not in app.css, which
 * every 浙政钉 user downloads before the first 待办 list). Chrome 69 webviews: margins, no flex `gap`.
 */
const CSS = `
.lb-hl-desk { padding: 12px 0; }
.lb-hl-col { min-width: 0; }
@media (min-width: 1024px) {
  .lb-hl-desk { display: flex; align-items: flex-start; }
  .lb-hl-col--form { flex: 0 0 56%; }
  .lb-hl-col--side { flex: 1; position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }
}
.lb-hl-grid { display: flex; flex-wrap: wrap; margin: 0 -6px; }
.lb-hl-cell { width: 50%; padding: 0 6px; min-width: 0; }
.lb-hl-cell--wide { width: 100%; }
@media (max-width: 520px) { .lb-hl-cell { width: 100%; } }
.lb-hl-search { position: relative; }
.lb-hl-hits { position: absolute; left: 0; right: 0; top: 42px; z-index: 20; max-height: 280px; overflow-y: auto; margin: 0; padding: 4px 0; list-style: none; background: #fff; border: 1px solid var(--lb-line-hard); border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.12); }
.lb-hl-hits li { padding: 8px 10px; cursor: pointer; font-size: 15px; }
.lb-hl-hits li[aria-selected="true"], .lb-hl-hits li:hover { background: var(--lb-primary-tint); }
.lb-hl-hits small { margin-left: 8px; color: var(--lb-text-3); font-size: 12px; }
.lb-hl-item { display: flex; flex-wrap: wrap; align-items: center; margin-top: 6px; font-size: 13px; color: var(--lb-text-2); }
.lb-hl-item .lb-tag { margin-right: 6px; }
.lb-hl-kb { margin: 8px 0 0; padding: 10px 12px; border-radius: 6px; background: #f7f8fa; font-size: 14px; line-height: 1.6; }
.lb-hl-kb__head { display: flex; align-items: center; justify-content: space-between; margin-bottom: 4px; color: var(--lb-text-2); font-size: 13px; }
.lb-hl-match { margin: 8px 0 0; padding: 10px 12px; border-radius: 6px; border: 1px solid rgba(255, 146, 0, .5); background: rgba(255, 146, 0, .06); }
.lb-hl-match__row { display: flex; align-items: center; justify-content: space-between; padding: 4px 0; }
.lb-hl-match__row + .lb-hl-match__row { border-top: 1px solid var(--lb-line); }
.lb-hl-match__text { flex: 1; min-width: 0; margin-right: 8px; font-size: 14px; }
.lb-hl-match__why { display: block; font-size: 12px; color: var(--lb-text-2); }
.lb-hl-radio { display: flex; flex-wrap: wrap; }
.lb-hl-radio label { display: inline-flex; align-items: center; margin: 0 16px 4px 0; font-size: 15px; cursor: pointer; }
.lb-hl-radio input { margin: 0 4px 0 0; }
.lb-hl-ways { display: flex; flex-wrap: wrap; margin: 4px 0 8px; }
.lb-hl-ways .lb-btn { margin: 0 8px 8px 0; }
.lb-hl-way { margin-top: 4px; padding: 10px 12px; border-radius: 6px; background: #f7f8fa; }
.lb-hl-dept { display: flex; align-items: center; justify-content: space-between; padding: 6px 0; font-size: 15px; }
.lb-hl-dept + .lb-hl-dept { border-top: 1px solid var(--lb-line); }
.lb-hl-dept .lb-tag { margin-right: 6px; }
.lb-hl-add { display: flex; align-items: center; margin-top: 6px; }
.lb-hl-add .lb-input { flex: 1; min-width: 0; margin-right: 8px; }
.lb-hl-done { margin: 0 12px 12px; padding: 10px 12px; border-radius: 8px; background: rgba(0, 176, 66, 0.1); color: #007a2e; font-size: 14px; }
.lb-hl-done a { margin-left: 8px; }
.lb-hl-row { display: block; margin: 0 12px 8px; padding: 10px 12px; border-radius: 8px; background: #fff; color: var(--lb-text); cursor: pointer; border-left: 3px solid transparent; }
.lb-hl-row--overdue { border-left-color: var(--lb-red); }
.lb-hl-row--warning { border-left-color: var(--lb-orange); }
.lb-hl-row--due { background: #fff7e8; border-left-color: var(--lb-orange); }
.lb-hl-row__head { display: flex; align-items: flex-start; justify-content: space-between; }
.lb-hl-row__title { flex: 1; min-width: 0; font-size: 15px; font-weight: 500; }
.lb-hl-row__id { flex-shrink: 0; margin-left: 8px; font-size: 12px; color: var(--lb-text-3); }
.lb-hl-row__subject { margin-top: 2px; font-size: 14px; color: var(--lb-text-2); word-break: break-all; }
.lb-hl-row__tags { margin-top: 4px; font-size: 12px; color: var(--lb-text-2); }
.lb-hl-row__tags .lb-tag { margin: 0 6px 2px 0; }
.lb-hl-actions { display: flex; flex-wrap: wrap; margin: 4px 12px 20px; }
.lb-hl-actions .lb-btn { margin: 0 8px 8px 0; }
.lb-hl-asg { padding: 8px 0; }
.lb-hl-asg + .lb-hl-asg { border-top: 1px solid var(--lb-line); }
.lb-hl-asg__head { display: flex; flex-wrap: wrap; align-items: center; font-weight: 500; }
.lb-hl-asg__head .lb-tag { margin-left: 6px; font-weight: normal; }
.lb-hl-asg p { margin: 4px 0 0; font-size: 14px; color: var(--lb-text-2); }
.lb-hl-rec { padding: 6px 0; font-size: 14px; }
.lb-hl-rec + .lb-hl-rec { border-top: 1px solid var(--lb-line); }
.lb-hl-rec__meta { font-size: 12px; color: var(--lb-text-3); }
.lb-hl-content { white-space: pre-wrap; word-break: break-all; }
.lb-hl-entry { display: flex; align-items: center; justify-content: space-between; }
`;

let added = false;

export function addHotlineStyle(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const el = document.createElement('style');
  el.setAttribute('data-lb', 'hotline');
  el.textContent = CSS;
  document.head.appendChild(el);
}
