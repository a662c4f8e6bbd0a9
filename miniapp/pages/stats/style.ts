/**
 * The statistics page's own CSS, added to the document by its chunk when it first runs (so it is not part of
 * app.css, which every 浙政钉 user downloads before the first 待办 list).
 */
const CSS = `
.lb-st-pickers .lb-seg { margin: 0 0 8px; }
.lb-st-range { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; font-size: 14px; }
.lb-st-range input, .lb-st-district select { height: 34px; min-width: 0; flex: 1; padding: 0 8px; border: 1px solid var(--lb-line-hard); border-radius: 6px; background: #fff; font-size: 14px; }
.lb-st-district { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; font-size: 14px; color: var(--lb-text-2); }
.lb-st-scope { margin: -4px 0 8px; font-size: 13px; color: var(--lb-text-2); }
.lb-st-tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin: 0 12px 12px; }
.lb-st-section { margin: 16px 12px 8px; font-size: 15px; font-weight: 600; }
.lb-st-tile { background: #fff; border-radius: 8px; padding: 10px 12px; }
.lb-st-tile b { display: block; font-size: 22px; font-weight: 600; line-height: 28px; }
.lb-st-tile span { font-size: 12px; color: var(--lb-text-2); }
.lb-st-tile--red b { color: var(--lb-red); }
.lb-st-tile--green b { color: var(--lb-green); }
.lb-st-svg { display: block; max-width: 100%; height: auto; overflow: visible; font-family: inherit; }
.lb-st-note { margin: -2px 0 6px; font-size: 12px; color: var(--lb-text-3); }
.lb-st-ring { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; }
.lb-st-svg--ring { width: 150px; flex: none; margin: 0 auto; }
.lb-st-pickers, .lb-st-district { max-width: 560px; }
.lb-st-keys { flex: 1 1 200px; margin: 0; padding: 0; list-style: none; font-size: 13px; }
.lb-st-keys li { display: flex; align-items: center; gap: 6px; padding: 3px 0; }
.lb-st-keys i, .lb-st-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; flex: none; }
.lb-st-keys__name { flex: 1; min-width: 0; }
.lb-st-keys__num { color: var(--lb-text-2); white-space: nowrap; }
.lb-st-legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0 0 6px; font-size: 12px; color: var(--lb-text-2); }
.lb-st-legend span { display: inline-flex; align-items: center; gap: 4px; }
.lb-st-channels { margin-top: 8px; font-size: 13px; color: var(--lb-text-2); }
.lb-st-figures { display: grid; grid-template-columns: repeat(2, 1fr); gap: 8px; margin-bottom: 10px; }
.lb-st-figures b { display: block; font-size: 20px; font-weight: 600; }
.lb-st-figures span { font-size: 12px; color: var(--lb-text-2); }
.lb-st-red { color: var(--lb-red); }
.lb-st-tools { display: flex; gap: 8px; }
.lb-st-tools button { height: 28px; padding: 0 10px; border: 1px solid var(--lb-line-hard); border-radius: 14px; background: #fff; font-size: 12px; color: var(--lb-text); cursor: pointer; white-space: nowrap; }
.lb-st-table { overflow-x: auto; }
.lb-st-table table { width: 100%; border-collapse: collapse; font-size: 13px; }
.lb-st-table th, .lb-st-table td { padding: 6px 4px; border-bottom: 1px solid var(--lb-line); text-align: left; }
.lb-st-table th { color: var(--lb-text-2); font-weight: normal; white-space: nowrap; }
.lb-st-table .lb-st-num { text-align: right; white-space: nowrap; }
.lb-st-none { padding: 16px 0; text-align: center; font-size: 13px; color: var(--lb-text-3); }
@media (min-width: 900px) {
  .lb-st-tiles { grid-template-columns: repeat(6, 1fr); }
  .lb-st-grid { display: grid; grid-template-columns: 1fr 1fr; align-items: start; }
  .lb-st-figures { grid-template-columns: repeat(4, 1fr); }
}
`;

export function addStatsStyle(): void {
  if (typeof document === 'undefined' || document.getElementById('lb-stats-style')) return;
  const el = document.createElement('style');
  el.id = 'lb-stats-style';
  el.textContent = CSS;
  document.head.appendChild(el);
}
