// @vitest-environment happy-dom
/** The case graph never cuts a name: long names wrap onto lines inside a box sized for them. */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { birthBundle } from '../../../functions/catalog/index';
import { BundleGraph, wrapName } from '../../../miniapp/pages/graph';
import { mount } from './helpers';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('case graph names', () => {
  it('wraps before a bracket, else in even lines; nothing is dropped', () => {
    expect(wrapName('户口登记（出生登记）')).toEqual(['户口登记', '（出生登记）']);
    expect(wrapName('城乡居民医保参保登记')).toEqual(['城乡居民医', '保参保登记']);
    expect(wrapName('预防接种证')).toEqual(['预防接种证']);
    for (const item of birthBundle.items) expect(wrapName(item.name).join('')).toBe(item.name);
  });

  it('draws every item\'s whole name (no …)', () => {
    const items = birthBundle.items.map((i) => ({ id: i.id, name: i.name, dependsOn: [] }));
    const m = mount(h(BundleGraph, { items, states: {} }));
    unmount = m.unmount;
    for (const item of birthBundle.items) {
      const text = m.root.querySelector(`[data-testid="graph-node-${item.id}"] .lb-graph__name`)?.textContent;
      expect(text).toBe(item.name);
    }
    expect(m.root.textContent).not.toContain('…');
  });
});
