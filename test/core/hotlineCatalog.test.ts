// 热线事项目录 (core hotlineCatalog.ts): what an admin may save (schema, unique ids, known department kinds, limits),
// finding an item, and the departments suggested for an item at a place.
import { describe, expect, it } from 'vitest';
import { findItem, suggestDepartments, validateCatalogClasses } from '../../functions/core/hotlineCatalog';
import type { HotlineCatalog, HotlineClass, HotlineItem } from '../../functions/core/workOrder';
import { seedDirectory } from './fixtures';

const kinds = new Set(seedDirectory.departmentKinds.map((k) => k.id));
const YZ = '330212';

function itemOf(over: Partial<HotlineItem> = {}): HotlineItem {
  return {
    id: 'watercut', name: '停水咨询', kind: 'consult', limit: { unit: 'workingDays', value: 3 }, departmentKind: 'waterSupply',
    answer: '请关注供水公司公告', keywords: ['停水'], active: true, ...over,
  };
}

const classes: HotlineClass[] = [
  { id: 'water', name: '供水', items: [itemOf(), itemOf({ id: 'waterprice', name: '水价', departmentKind: null, limit: { unit: 'hours', value: 24 } })] },
  { id: 'town', name: '街道事务', items: [itemOf({ id: 'streetlight', name: '路灯', departmentKind: 'townCenter', kind: 'report' })] },
];

type Problems = { path: string; message: string }[];
const problems = (value: unknown): Problems => {
  const r = validateCatalogClasses(value, kinds);
  const first = r[0] as object | undefined;
  return first && 'path' in first ? (r as Problems) : [];
};

describe('validateCatalogClasses', () => {
  it('returns the classes when valid', () => {
    expect(validateCatalogClasses(classes, kinds)).toEqual(classes);
  });

  it('refuses shapes the schema forbids, with paths and Chinese messages', () => {
    for (const bad of [
      [],
      'x',
      [{ id: 'Water', name: '供水', items: [itemOf()] }],
      [{ id: 'water', name: '供水', items: [] }],
      [{ id: 'water', name: '供水', items: [{ ...itemOf(), kind: 'gossip' }] }],
      [{ id: 'water', name: '供水', items: [{ ...itemOf(), extra: true }] }],
      [{ id: 'water', name: '  ', items: [itemOf()] }],
    ]) {
      const p = problems(bad);
      expect(p.length).toBeGreaterThan(0);
      for (const x of p) expect(x.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(problems([{ id: 'water', name: '供水', items: [{ ...itemOf(), kind: 'gossip' }] }])[0].path).toBe('classes.0.items.0.kind');
  });

  it('refuses duplicate class ids, item ids repeated anywhere in the catalog, unknown department kinds and limits out of range', () => {
    const dupClass = problems([classes[0], { ...classes[1], id: 'water' }]);
    expect(dupClass).toEqual([{ path: 'classes.1.id', message: '第2类：类别编码 water 重复' }]);
    const dupItem = problems([classes[0], { ...classes[1], items: [itemOf()] }]);
    expect(dupItem.map((p) => p.path)).toEqual(['classes.1.items.0.id']);
    const kind = problems([{ id: 'water', name: '供水', items: [itemOf({ departmentKind: 'weather' })] }]);
    expect(kind[0]).toEqual({ path: 'classes.0.items.0.departmentKind', message: '第1类第1项：承办部门类型 weather 不存在' });
    for (const limit of [{ unit: 'hours', value: 0 }, { unit: 'hours', value: 721 }, { unit: 'workingDays', value: 61 }, { unit: 'workingDays', value: 1.5 }]) {
      const p = problems([{ id: 'water', name: '供水', items: [itemOf({ limit: limit as HotlineItem['limit'] })] }]);
      expect(p.map((x) => x.path)).toEqual(['classes.0.items.0.limit.value']);
    }
    expect(problems([{ id: 'water', name: '供水', items: [itemOf({ limit: { unit: 'hours', value: 720 } })] }])).toEqual([]);
  });
});

describe('findItem', () => {
  const catalog: HotlineCatalog = { district: YZ, version: 7, classes, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'admin' };
  it('finds the class and item with the catalog version, null when either is unknown', () => {
    expect(findItem(catalog, 'water', 'waterprice')).toEqual({ cls: classes[0], item: classes[0].items[1], catalogVersion: 7 });
    expect(findItem(catalog, 'town', 'watercut')).toBeNull();
    expect(findItem(catalog, 'nothing', 'watercut')).toBeNull();
  });
});

describe('suggestDepartments', () => {
  const at = (town: string | null, district = YZ) => ({ district, town, address: '' });
  it('suggests the district department of the item kind', () => {
    expect(suggestDepartments(itemOf(), at(null), seedDirectory)).toEqual([{ id: 'yinzhou-waterSupply', name: expect.any(String) }]);
    const haishu = suggestDepartments(itemOf(), at(null, '330203'), seedDirectory);
    expect(haishu.every((d) => seedDirectory.departments.find((x) => x.id === d.id)?.district === '330203')).toBe(true);
    expect(suggestDepartments(itemOf({ departmentKind: 'hospital' }), at(null), seedDirectory).map((d) => d.id)).toEqual(['yinzhou-hospital1']);
  });

  it('for townCenter: the town picked when it is a town of the district, else every town centre of the district', () => {
    const street = itemOf({ departmentKind: 'townCenter' });
    expect(suggestDepartments(street, at('yinzhou-jiangshan'), seedDirectory).map((d) => d.id)).toEqual(['yinzhou-jiangshan']);
    const all = ['yinzhou-zhonggongmiao', 'yinzhou-jiangshan', 'yinzhou-shounan'];
    expect(suggestDepartments(street, at(null), seedDirectory).map((d) => d.id)).toEqual(all);
    // A village point or a department is not a town; neither is another district's town.
    expect(suggestDepartments(street, at('yinzhou-jiangshan-zoumatang'), seedDirectory).map((d) => d.id)).toEqual(all);
    expect(suggestDepartments(street, at('yinzhou-police'), seedDirectory).map((d) => d.id)).toEqual(all);
  });

  it('suggests nothing for an item the centre answers alone', () => {
    expect(suggestDepartments(itemOf({ departmentKind: null }), at('yinzhou-jiangshan'), seedDirectory)).toEqual([]);
  });
});
