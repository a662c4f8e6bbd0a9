/**
 * Seeding the demo directory (scripts/seed) and the generic directory-entry store
 * (functions/store/directoryKinds.ts) with the real SDK against tablestore-local.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundles, seedDirectory as catalogDirectory } from '../../functions/catalog/index';
import type { District } from '../../functions/core/directory';
import { createOtsClient, type OtsClient } from '../../functions/store/client';
import { DIRECTORY_TABLE, Directory } from '../../functions/store/directory';
import { DirectoryEntries, EntryConflictError, bundleVersionId } from '../../functions/store/directoryKinds';
import { catalogSeed, seedDirectory, staffRecordOf, type SeedData, type SeedReport } from '../../scripts/seed/directory';
import { startOts, type OtsHarness } from '../support/ots';

let ots: OtsHarness;
let client: OtsClient;

function writesCounted(): string[] {
  const out: string[] = [];
  for (const [table, ops] of Object.entries(ots.server.counters())) {
    for (const op of Object.keys(ops)) if (!/^(DescribeTable|ListTable|GetRow|GetRange|BatchGetRow)$/.test(op)) out.push(`${table}.${op}`);
  }
  return out;
}

const kind = (r: SeedReport, k: string) => r.kinds.find((x) => x.kind === k);

/** A fresh `directory` table under a unique name for each test. */
async function freshTable(): Promise<string> {
  const name = ots.uniqueTable('dir');
  await ots.client().createTable({ ...DIRECTORY_TABLE, tableMeta: { ...DIRECTORY_TABLE.tableMeta, tableName: name } });
  return name;
}

beforeAll(async () => {
  ots = await startOts();
  client = createOtsClient({
    OTS_ENDPOINT: ots.server.url,
    OTS_INSTANCE: ots.server.instance,
    OTS_ACCESS_KEY_ID: ots.server.accessKeyId,
    OTS_ACCESS_KEY_SECRET: ots.server.accessKeySecret,
  });
});
afterAll(async () => {
  await ots?.stop();
});

describe('seedDirectory', () => {
  let table: string;
  let first: SeedReport;
  beforeAll(async () => {
    table = await freshTable();
    first = await seedDirectory(client, catalogSeed(), { table });
  });

  it('writes every district, department, seal, delegation, bundle and staff member of the catalog', async () => {
    const d = catalogDirectory;
    expect(kind(first, 'district')).toMatchObject({ total: 5, created: 5 });
    expect(kind(first, 'department')).toMatchObject({ total: d.departments.length, created: d.departments.length });
    expect(kind(first, 'seal')).toMatchObject({ created: d.seals.length });
    expect(kind(first, 'delegation')).toMatchObject({ created: d.delegations.length });
    expect(kind(first, 'bundle')).toMatchObject({ created: bundles.length });
    expect(kind(first, 'staff')).toMatchObject({ total: d.staff.length, created: d.staff.length, conflict: 0 });
    expect(first.conflicts).toEqual([]);

    const entries = new DirectoryEntries(client, table);
    const districts = await entries.list<District>('district');
    expect(districts.map((e) => e.doc.name).sort()).toEqual(['北仑区', '江北区', '海曙区', '镇海区', '鄞州区'].sort());
    expect((await entries.get<District>('district', '330212'))?.doc).toEqual(d.districts.find((x) => x.code === '330212'));
    const birth = bundles.find((b) => b.id === 'birth')!;
    // published through the store's publish (store/bundleVersions.ts), as an admin's publish stores it
    expect((await entries.get('bundle', bundleVersionId('birth', birth.version)))?.doc).toMatchObject({ state: 'published', scope: null, bundle: JSON.parse(JSON.stringify(birth)) });
  });

  it('seeds staff so that login finds them by their 浙政钉 and DingTalk accounts', async () => {
    const directory = new Directory(client, table);
    const clerk = catalogDirectory.staff.find((s) => s.id === 'yinzhou-serviceCenter-clerk1')!;
    expect(clerk).toBeDefined();
    const byZzd = await directory.findStaffByAccount('zzd', clerk.zzdAccountId);
    expect(byZzd).toMatchObject({ id: clerk.id, districtCode: '330212', departmentCode: 'yinzhou-serviceCenter', roles: ['clerk'] });
    expect((await directory.findStaffByAccount('dingtalk', clerk.dingtalkUserId))?.id).toBe(clerk.id);
  });

  it('a second run writes nothing', async () => {
    ots.server.resetCounters();
    const again = await seedDirectory(client, catalogSeed(), { table });
    expect(again.written).toBe(0);
    expect(again.kinds.every((k) => k.unchanged === k.total)).toBe(true);
    expect(writesCounted()).toEqual([]);
  });
});

describe('rows that differ from the seed', () => {
  let table: string;
  const small = (): SeedData => {
    const d = catalogDirectory;
    return {
      directory: { ...d, districts: d.districts.slice(0, 2), departments: d.departments.slice(0, 3), seals: [], delegations: [], staff: d.staff.slice(0, 3) },
      bundles: [],
      calendarOverlay: { holidays: [], workdays: [], version: 'seed' },
    };
  };
  beforeEach(async () => {
    table = await freshTable();
    await seedDirectory(client, small(), { table });
  });

  it('are kept and reported, and --overwrite brings them back to the seed', async () => {
    const entries = new DirectoryEntries(client, table);
    const directory = new Directory(client, table);
    const district = small().directory.districts[0];
    await entries.save('district', district.code, { ...district, name: '管理员改过的名字' }, { overwrite: true });
    const person = small().directory.staff[0];
    const stored = (await directory.getStaff(person.id))!;
    await directory.updateStaff({ ...staffRecordOf(person), roles: ['auditor'] }, stored.version);

    const kept = await seedDirectory(client, small(), { table });
    expect(kept.written).toBe(0);
    expect(kept.differs.sort()).toEqual([`district ${district.code}`, `staff ${person.id}`].sort());
    expect((await entries.get<District>('district', district.code))?.doc.name).toBe('管理员改过的名字');
    expect((await directory.getStaff(person.id))?.roles).toEqual(['auditor']);

    const reset = await seedDirectory(client, small(), { table, overwrite: true });
    expect(reset.written).toBe(2);
    expect(kind(reset, 'district')).toMatchObject({ updated: 1, unchanged: 1 });
    expect(kind(reset, 'staff')).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await entries.get<District>('district', district.code))?.doc).toEqual(district);
    expect((await directory.getStaff(person.id))?.roles).toEqual(person.roles);
  });

  it('a staff member whose account already belongs to someone else is reported, not written', async () => {
    const data = small();
    const intruder = { ...data.directory.staff[1], id: 'someone-else' }; // same accounts as staff[1]
    await new Directory(client, table).createStaff({ ...staffRecordOf(intruder), accounts: { zzd: 'other-zzd' } });
    const clash = { ...data, directory: { ...data.directory, staff: [...data.directory.staff, { ...intruder, id: 'new-person', zzdAccountId: 'other-zzd', dingtalkUserId: 'other-dt' }] } };
    const report = await seedDirectory(client, clash, { table });
    expect(kind(report, 'staff')).toMatchObject({ conflict: 1, unchanged: 3 });
    expect(report.conflicts).toEqual([expect.stringMatching(/^staff new-person: ACCOUNT_TAKEN/)]);
    expect(await new Directory(client, table).getStaff('new-person')).toBeNull();
  });
});

describe('bundles in the seed', () => {
  it('published through the store: a legacy bare row holding the same bundle is unchanged, another bundle is reported and kept, even with overwrite', async () => {
    const table = await freshTable();
    const entries = new DirectoryEntries(client, table);
    const [birth, death] = bundles;
    await entries.save('bundle', bundleVersionId(birth.id, birth.version), JSON.parse(JSON.stringify(birth))); // written before versions existed
    await entries.save('bundle', bundleVersionId(death.id, death.version), { ...JSON.parse(JSON.stringify(death)), name: '改过的身后一件事' });
    const data: SeedData = { ...catalogSeed(), directory: { ...catalogDirectory, staff: [] } };
    for (const overwrite of [false, true]) {
      const report = await seedDirectory(client, data, { table, overwrite });
      // the catalog's other bundles are created by the first run
      expect(kind(report, 'bundle')).toMatchObject({ total: bundles.length, unchanged: overwrite ? bundles.length - 1 : 1, differs: 1, created: overwrite ? 0 : bundles.length - 2, updated: 0 });
      expect(report.differs).toContain(`bundle ${bundleVersionId(death.id, death.version)}`);
    }
    expect((await entries.get<{ name: string }>('bundle', bundleVersionId(death.id, death.version)))?.doc.name).toBe('改过的身后一件事');
  });
});

describe('DirectoryEntries', () => {
  it('stores canonical JSON: key order does not make a document differ', async () => {
    const table = await freshTable();
    const entries = new DirectoryEntries(client, table);
    expect(await entries.save('department-kind', 'police', { id: 'police', name: '公安' })).toBe('created');
    expect(await entries.save('department-kind', 'police', { name: '公安', id: 'police' })).toBe('unchanged');
    expect(await entries.save('department-kind', 'police', { name: '公安局', id: 'police' })).toBe('differs');
    expect(await entries.save('department-kind', 'police', { name: '公安局', id: 'police' }, { overwrite: true })).toBe('updated');
    expect(await entries.get('department-kind', 'police')).toMatchObject({ version: 2, doc: { id: 'police', name: '公安局' } });
  });

  it('an overwrite based on a stale read is refused as a conflict', async () => {
    const table = await freshTable();
    const entries = new DirectoryEntries(client, table);
    await entries.save('seal', 's1', { v: 1 });
    const stale = await entries.get('seal', 's1');
    await entries.save('seal', 's1', { v: 2 }, { overwrite: true });
    await expect(entries.save('seal', 's1', { v: 3 }, { overwrite: true, known: stale })).rejects.toBeInstanceOf(EntryConflictError);
    expect((await entries.get('seal', 's1'))?.doc).toEqual({ v: 2 });
  });

  it('refuses ids that are not key-safe, before writing', async () => {
    const entries = new DirectoryEntries(client, await freshTable());
    await expect(entries.save('district', 'has space', {})).rejects.toThrow(/invalid id/);
    await expect(entries.get('district', '')).rejects.toThrow(/invalid id/);
  });

  it('lists every entry of a kind and nothing of other kinds', async () => {
    const entries = new DirectoryEntries(client, await freshTable());
    for (const id of ['b', 'a', 'c']) await entries.save('department', id, { id });
    await entries.save('district', '330212', { code: '330212' });
    expect((await entries.list('department')).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});
