// 热线事项目录 through HTTP on the real service and tablestore-local: the seed's catalog (version 1, 27 classes) read
// by any staff of the district; departments suggested for an item; an admin saves a new version (an item added,
// one renamed, one deactivated), recorded in the district's change chain. Refusals change nothing: an operator
// 403, another district's admin 403, an auditor 403, an invalid catalog 400 CATALOG_INVALID with its paths, an
// item removed 400, a stale version 409; a district without a catalog 404 HOTLINE_CATALOG_MISSING.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotlineCatalog, HotlineClass } from '../../functions/core/workOrder';
import { startRouteHarness, type RouteHarness } from './route-support';

const YZ = '330212';
const HS = '330203';
const YZ_ADMIN = 'yinzhou-serviceCenter-admin1';
const HS_ADMIN = 'haishu-serviceCenter-admin1';
const CITY_ADMIN = 'ningbo-bigdata-admin1';
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const YZ_OPERATOR = 'yinzhou-hotlineCenter-operator1';
const HS_OPERATOR = 'haishu-hotlineCenter-operator2';
const JB_CLERK = 'jiangbei-serviceCenter-clerk1';
const CHINESE = /[\u4e00-\u9fff]/;

let h: RouteHarness;

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const as = (who: string) => ({ token: h.token(who) });

async function catalogOf(who: string, district?: string): Promise<HotlineCatalog> {
  const r = await h.call('GET', `/api/hotline/catalog${district ? `?district=${district}` : ''}`, as(who));
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body as HotlineCatalog;
}

const save = (who: string, body: unknown, district?: string) =>
  h.call('PUT', `/api/admin/hotline/catalog${district ? `?district=${district}` : ''}`, { ...as(who), json: body });

const suggest = async (who: string, query: string) => h.call('GET', `/api/hotline/suggest?${query}`, as(who));

async function changes(district: string) {
  const r = await h.call('GET', `/api/admin/changes?district=${district}`, as(CITY_ADMIN));
  expect(r.status).toBe(200);
  return r.body as { records: { kind: string; id: string; action: string; before: any; after: any; actor: { id: string } }[]; chain: { intact: boolean } };
}

describe('reading the catalog', () => {
  it('any staff of a district reads its seeded catalog; auditors and the city admin read another district', async () => {
    const yz = await catalogOf(YZ_OPERATOR);
    expect(yz).toMatchObject({ district: YZ, version: 1, updatedBy: 'seed' });
    expect(yz.classes).toHaveLength(27);
    expect(yz.classes.flatMap((c) => c.items)).toHaveLength(365);
    expect((await catalogOf('yinzhou-police-handler1')).district).toBe(YZ);
    expect((await catalogOf(HS_OPERATOR)).district).toBe(HS);
    expect((await catalogOf(AUDITOR, HS)).district).toBe(HS);
    expect((await catalogOf(CITY_ADMIN, YZ)).district).toBe(YZ);
  });

  it("refuses another district's catalog to its staff, and says so when a district has none", async () => {
    const other = await h.call('GET', `/api/hotline/catalog?district=${HS}`, as(YZ_OPERATOR));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
    const none = await h.call('GET', '/api/hotline/catalog', as(JB_CLERK));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('HOTLINE_CATALOG_MISSING');
    expect(none.body.message).toMatch(CHINESE);
    expect((await h.call('GET', '/api/hotline/catalog?district=33', as(AUDITOR))).status).toBe(400);
    expect((await h.call('GET', '/api/hotline/catalog')).status).toBe(401);
  });
});

describe('suggesting departments', () => {
  it("names the district's department of the item's kind, the town picked for town items, none for the centre's own answers", async () => {
    const water = await suggest(YZ_OPERATOR, 'item=wateroutage');
    expect(water.status).toBe(200);
    expect(water.body.departments).toEqual([{ id: 'yinzhou-waterSupply', name: '宁波市鄞州区自来水有限公司' }]);
    const market = await suggest(HS_OPERATOR, 'item=prepaidcard&town=');
    expect(market.body.departments.map((d: { id: string }) => d.id)).toEqual(['haishu-marketRegulation']);
    const town = await suggest(YZ_OPERATOR, 'item=bulkywaste&town=yinzhou-jiangshan');
    expect(town.body.departments.map((d: { id: string }) => d.id)).toEqual(['yinzhou-jiangshan']);
    const anyTown = await suggest(YZ_OPERATOR, 'item=bulkywaste');
    expect(anyTown.body.departments.map((d: { id: string }) => d.id).sort()).toEqual(['yinzhou-jiangshan', 'yinzhou-shounan', 'yinzhou-zhonggongmiao']);
    expect((await suggest(YZ_OPERATOR, 'item=publicrental')).body.departments).toEqual([]);
  });

  it('refuses an unknown or malformed item', async () => {
    const unknown = await suggest(YZ_OPERATOR, 'item=nosuchitem');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(CHINESE);
    expect((await suggest(YZ_OPERATOR, 'item=Bad-Id')).status).toBe(400);
    expect((await suggest(YZ_OPERATOR, '')).status).toBe(400);
  });
});

/** The classes with an item added to 供水, 突发停水 renamed and 公厕位置咨询 deactivated. */
function edited(classes: HotlineClass[]): HotlineClass[] {
  const next = structuredClone(classes);
  const water = next.find((c) => c.id === 'water')!;
  water.items.push({ id: 'waterheater', name: '二次供水加压泵故障', kind: 'help', limit: { unit: 'hours', value: 24 }, departmentKind: 'waterSupply', answer: '', keywords: ['停水'], active: true });
  water.items.find((i) => i.id === 'wateroutage')!.name = '突发停水（含区域性停水）';
  next.find((c) => c.id === 'sanitation')!.items.find((i) => i.id === 'toiletlocation')!.active = false;
  return next;
}

describe('an admin saving the catalog', () => {
  it('refuses everyone but an admin of the district, changing nothing', async () => {
    const before = await catalogOf(YZ_ADMIN);
    const body = { expectedVersion: before.version, classes: edited(before.classes) };
    for (const [who, district] of [[YZ_OPERATOR, undefined], [AUDITOR, undefined], [HS_ADMIN, YZ], ['yinzhou-police-handler1', undefined]] as const) {
      const r = await save(who, body, district);
      expect(r.status, who).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
      expect(r.body.message).toMatch(CHINESE);
    }
    expect(await catalogOf(YZ_ADMIN)).toEqual(before);
  });

  it('refuses an invalid catalog with every problem and its path, changing nothing', async () => {
    const before = await catalogOf(YZ_ADMIN);
    const classes = structuredClone(before.classes);
    classes[0].items[1].id = classes[0].items[0].id;
    classes[1].items[0].departmentKind = 'nosuchkind';
    classes[2].items[0].limit = { unit: 'workingDays', value: 0 };
    const r = await save(YZ_ADMIN, { expectedVersion: before.version, classes });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CATALOG_INVALID');
    expect(r.body.message).toMatch(CHINESE);
    const fields = (r.body.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['classes.0.items.1.id', 'classes.1.items.0.departmentKind', 'classes.2.items.0.limit.value']));
    const shape = await save(YZ_ADMIN, { expectedVersion: before.version, classes: [{ id: 'x', name: '', items: [] }] });
    expect(shape.status).toBe(400);
    expect(shape.body.code).toBe('CATALOG_INVALID');
    const body = await save(YZ_ADMIN, { expectedVersion: 'one', classes: [] });
    expect(body.status).toBe(400);
    expect(body.body.code).toBe('INVALID_BODY');
    expect(await catalogOf(YZ_ADMIN)).toEqual(before);
  });

  it('saves the next version, recorded in the change chain; a stale version is 409 and an item is deactivated, not removed', async () => {
    const before = await catalogOf(YZ_ADMIN);
    const r = await save(YZ_ADMIN, { expectedVersion: before.version, classes: edited(before.classes) });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body).toMatchObject({ district: YZ, version: before.version + 1, updatedBy: YZ_ADMIN });
    const after = await catalogOf(YZ_OPERATOR);
    expect(after).toEqual(r.body);
    const water = after.classes.find((c) => c.id === 'water')!;
    expect(water.items.map((i) => i.id)).toContain('waterheater');
    expect(water.items.find((i) => i.id === 'wateroutage')?.name).toBe('突发停水（含区域性停水）');
    expect((await suggest(YZ_OPERATOR, 'item=waterheater')).body.departments[0].id).toBe('yinzhou-waterSupply');

    const stale = await save(YZ_ADMIN, { expectedVersion: before.version, classes: before.classes });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.message).toMatch(CHINESE);

    const removed = structuredClone(after.classes);
    removed[0].items.pop();
    const refused = await save(YZ_ADMIN, { expectedVersion: after.version, classes: removed });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('CATALOG_INVALID');
    expect(refused.body.message).toMatch(/停用/);
    expect(await catalogOf(YZ_ADMIN)).toEqual(after);

    const page = await changes(YZ);
    expect(page.chain.intact).toBe(true);
    const records = page.records.filter((x) => x.kind === 'hotlineCatalog');
    expect(records.map((x) => `${x.id}:${x.action}:${x.actor.id}`)).toEqual([`${YZ}:update:${YZ_ADMIN}`]);
    expect(records[0].before.version).toBe(before.version);
    expect(records[0].after.version).toBe(after.version);
  });

  it("one district's save leaves the other's catalog alone", async () => {
    const yz = await catalogOf(YZ_ADMIN);
    const hs = await catalogOf(HS_ADMIN);
    const classes = structuredClone(hs.classes);
    classes[0].name = '城市管理（海曙）';
    const r = await save(HS_ADMIN, { expectedVersion: hs.version, classes });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(hs.version + 1);
    expect((await catalogOf(HS_OPERATOR)).classes[0].name).toBe('城市管理（海曙）');
    expect(await catalogOf(YZ_ADMIN)).toEqual(yz);
  });
});
