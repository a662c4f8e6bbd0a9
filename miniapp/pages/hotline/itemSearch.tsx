import { useState } from 'preact/hooks';
import { requestKindLabels } from '../../../functions/core/workOrder';
import { Tag } from '../../components/Tag';
import { limitText } from './labels';
import type { HotlineCatalog, HotlineItem } from './types';

export interface ChosenItem {
  classId: string;
  className: string;
  item: HotlineItem;
}

/** Every active item of the catalog, with its class. */
export function catalogItems(catalog: HotlineCatalog): ChosenItem[] {
  const out: ChosenItem[] = [];
  catalog.classes.forEach((c) => c.items.forEach((item) => item.active && out.push({ classId: c.id, className: c.name, item })));
  return out;
}

/** Items whose class or item name (or a keyword) holds every word typed; item-name hits first. */
function searchItems(all: ChosenItem[], text: string, max = 12): ChosenItem[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const score = (x: ChosenItem): number => {
    let s = 0;
    for (const w of words) {
      if (x.item.name.indexOf(w) >= 0) s += 3;
      else if (x.className.indexOf(w) >= 0) s += 2;
      else if (x.item.keywords.some((k) => k.indexOf(w) >= 0)) s += 1;
      else return 0;
    }
    return s;
  };
  return all
    .map((x) => ({ x, s: score(x) }))
    .filter((h) => h.s > 0)
    .sort((a, b) => b.s - a.s)
    .slice(0, max)
    .map((h) => h.x);
}

/** 事项: one search box over the classes and items of the catalog; shows 诉求类型 and 办理时限 of the chosen one. */
export function ItemSearch(props: { items: ChosenItem[]; value: ChosenItem | null; onChange: (v: ChosenItem | null) => void; error?: string | null }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState(0);
  const hits = searchItems(props.items, text);
  const pick = (x: ChosenItem) => {
    props.onChange(x);
    setText('');
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!hits.length) return;
    if (e.key === 'ArrowDown') setAt((at + 1) % hits.length);
    else if (e.key === 'ArrowUp') setAt((at + hits.length - 1) % hits.length);
    else if (e.key === 'Enter') pick(hits[Math.min(at, hits.length - 1)]);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  };
  const v = props.value;
  return (
    <div class={'lb-field' + (props.error ? ' lb-field--error' : '')} data-testid="hl-item">
      <span class="lb-field__label">
        <span class="lb-field__req">*</span>事项
      </span>
      <div class="lb-hl-search">
        <input
          class="lb-input"
          type="text"
          value={text}
          placeholder={v ? v.className + ' › ' + v.item.name + '（输入可重新查找）' : '输入事项或分类，如 停水、噪音、社保'}
          data-testid="hl-item-search"
          aria-autocomplete="list"
          onInput={(e) => {
            setText((e.target as HTMLInputElement).value);
            setOpen(true);
            setAt(0);
          }}
          onKeyDown={onKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {open && text.trim() ? (
          <ul class="lb-hl-hits" role="listbox" data-testid="hl-item-hits">
            {hits.length ? (
              hits.map((x, i) => (
                <li key={x.classId + '/' + x.item.id} role="option" aria-selected={i === at} data-testid={'hl-hit-' + x.item.id} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(x)}>
                  {x.className + ' › ' + x.item.name}
                  <small>{requestKindLabels[x.item.kind] + ' · ' + limitText(x.item.limit)}</small>
                </li>
              ))
            ) : (
              <li aria-disabled="true">没有找到，换个说法试试</li>
            )}
          </ul>
        ) : null}
      </div>
      {v ? (
        <div class="lb-hl-item" data-testid="hl-item-chosen">
          <b style="margin-right:8px">{v.className + ' › ' + v.item.name}</b>
          <Tag tone="blue">{requestKindLabels[v.item.kind]}</Tag>
          <span>{'办理时限 ' + limitText(v.item.limit)}</span>
        </div>
      ) : null}
      {props.error ? <span class="lb-field__msg" role="alert">{props.error}</span> : null}
    </div>
  );
}
