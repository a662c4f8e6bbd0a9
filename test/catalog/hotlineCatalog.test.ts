/**
 * The seed's 热线事项目录 (functions/catalog/hotline): 27 classes and 365 items, ids unique and ASCII, every item
 * transferable to a department of its kind in the seed district 鄞州, limits in range, and the catalog valid as an
 * admin's save would be checked (core hotlineCatalog.ts validateCatalogClasses).
 */
import { describe, expect, it } from 'vitest';
import { hotlineCatalogSeed } from '../../functions/catalog/hotline/index.js';
import { seedDirectory } from '../../functions/catalog/index.js';
import { validateCatalogClasses } from '../../functions/core/hotlineCatalog.js';

const items = hotlineCatalogSeed.flatMap((c) => c.items);
const ID = /^[a-z][a-z0-9]{1,39}$/;
const yinzhou = seedDirectory.districts.find((d) => d.id === 'yinzhou')!;

describe('the seed hotline catalog', () => {
  it('has 27 classes and 365 items', () => {
    expect(hotlineCatalogSeed).toHaveLength(27);
    expect(items).toHaveLength(365);
    for (const c of hotlineCatalogSeed) expect(c.items.length, c.id).toBeGreaterThan(0);
  });

  it('has unique ASCII class and item ids and Chinese names', () => {
    const classIds = hotlineCatalogSeed.map((c) => c.id);
    expect(new Set(classIds).size).toBe(classIds.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const id of [...classIds, ...items.map((i) => i.id)]) expect(id).toMatch(ID);
    for (const x of [...hotlineCatalogSeed, ...items]) expect(x.name, x.id).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('names only department kinds 鄞州 has a department of', () => {
    const kinds = new Set(seedDirectory.departments.filter((d) => d.district === yinzhou.code).map((d) => d.kind));
    const missing = items.filter((i) => i.departmentKind !== null && !kinds.has(i.departmentKind)).map((i) => `${i.id} ${i.departmentKind}`);
    expect(missing).toEqual([]);
  });

  it('gives every kind its research limit unless the item says otherwise, within range', () => {
    for (const i of items) {
      if (i.limit.unit === 'hours') expect([2, 4, 24], i.id).toContain(i.limit.value);
      else expect(i.limit.value, i.id).toBe(i.kind === 'consult' ? 2 : i.kind === 'help' ? 10 : 15);
    }
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('wateroutage')?.limit).toEqual({ unit: 'hours', value: 24 });
    expect(byId.get('gasleak')?.limit).toEqual({ unit: 'hours', value: 2 });
    expect(byId.get('publicrental')?.limit).toEqual({ unit: 'workingDays', value: 2 });
  });

  it('answers consults from the knowledge base and marks the event-prone items with keywords', () => {
    for (const i of items.filter((x) => x.kind === 'consult')) expect(i.answer.length, i.id).toBeGreaterThan(10);
    for (const i of items.filter((x) => x.departmentKind === null)) expect(i.kind, i.id).toBe('consult');
    for (const word of ['停水', '停电', '台风', '积水']) expect(items.some((i) => i.keywords.includes(word)), word).toBe(true);
    expect(items.every((i) => i.active)).toBe(true);
  });

  it('is valid as an admin save of it would be checked', () => {
    const kinds = new Set(seedDirectory.departmentKinds.map((k) => k.id));
    expect(validateCatalogClasses(hotlineCatalogSeed, kinds)).toEqual(hotlineCatalogSeed);
  });
});
