// functions/store/directory.ts against tablestore-local through the real SDK (functions/store/client.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtsClient, otsConfigFromEnv, type OtsClient } from '../../functions/store/client';
import { DIRECTORY_TABLE, Directory, DirectoryError, type StaffRecord } from '../../functions/store/directory';
import { startOts, type OtsHarness } from '../support/ots';

let ots: OtsHarness;
let client: OtsClient;
let dir: Directory;

const staff = (id: string, over: Partial<StaffRecord> = {}): StaffRecord => ({
  id,
  name: '测试人员',
  districtCode: '330212',
  departmentCode: 'yz-civil',
  roles: ['handler'],
  accounts: {},
  ...over,
});

async function code(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DirectoryError);
  return (err as DirectoryError).code;
}

beforeAll(async () => {
  ots = await startOts();
  client = createOtsClient({
    OTS_ENDPOINT: ots.server.url,
    OTS_INSTANCE: ots.server.instance,
    OTS_ACCESS_KEY_ID: ots.server.accessKeyId,
    OTS_ACCESS_KEY_SECRET: ots.server.accessKeySecret,
  });
  await client.createTable(DIRECTORY_TABLE);
  dir = new Directory(client);
});
afterAll(async () => {
  await ots?.stop();
});

describe('client configuration', () => {
  it('names missing OTS_* variables without echoing values, and uses the lower-case instancename key', () => {
    expect(() => otsConfigFromEnv({ OTS_ENDPOINT: 'http://x', OTS_ACCESS_KEY_SECRET: 'topsecret' })).toThrow(
      'Tablestore is not configured: OTS_INSTANCE, OTS_ACCESS_KEY_ID missing',
    );
    const cfg = otsConfigFromEnv({ OTS_ENDPOINT: 'http://x', OTS_INSTANCE: 'i', OTS_ACCESS_KEY_ID: 'a', OTS_ACCESS_KEY_SECRET: 's' });
    expect(cfg).toMatchObject({ instancename: 'i', maxRetries: 2, httpOptions: { timeout: 10_000 } });
  });
});

describe('staff directory', () => {
  it('creates a staff member and finds them by id and by each account', async () => {
    const s = staff('S-1', { name: '王晓燕', roles: ['clerk', 'supervisor'], accounts: { zzd: '10001', dingtalk: 'ding-1' } });
    expect(await dir.createStaff(s)).toEqual({ ...s, version: 1 });
    expect(await dir.getStaff('S-1')).toEqual({ ...s, version: 1 });
    expect((await dir.findStaffByAccount('zzd', '10001'))?.id).toBe('S-1');
    expect((await dir.findStaffByAccount('dingtalk', 'ding-1'))?.id).toBe('S-1');
    expect(await dir.findStaffByAccount('dingtalk', '10001')).toBeNull();
    expect(await dir.getStaff('S-missing')).toBeNull();
  });

  it('stores the version as an INTEGER and roles as JSON text', async () => {
    const { row } = await client.getRow({ tableName: 'directory', primaryKey: [{ kind: 'staff' }, { id: 'S-1' }] });
    const version = row.attributes?.find((a) => a.columnName === 'version')?.columnValue as { toNumber(): number };
    expect(typeof version.toNumber).toBe('function');
    expect(version.toNumber()).toBe(1);
    expect(row.attributes?.find((a) => a.columnName === 'roles')?.columnValue).toBe('["clerk","supervisor"]');
  });

  it('refuses a second create of the same id and an account owned by someone else', async () => {
    expect(await code(dir.createStaff(staff('S-1')))).toBe('STAFF_EXISTS');
    expect(await code(dir.createStaff(staff('S-2', { accounts: { zzd: '10001' } })))).toBe('ACCOUNT_TAKEN');
    expect(await dir.getStaff('S-2')).toBeNull();
    expect((await dir.findStaffByAccount('zzd', '10001'))?.id).toBe('S-1');
  });

  it('refuses invalid records: unknown role, empty name, odd ids', async () => {
    expect(await code(dir.createStaff(staff('S-3', { roles: ['root' as never] })))).toBe('INVALID_STAFF');
    expect(await code(dir.createStaff(staff('S-3', { name: '' })))).toBe('INVALID_STAFF');
    expect(await code(dir.createStaff(staff('S 3')))).toBe('INVALID_STAFF');
    expect(await code(dir.createStaff(staff('S-3', { roles: ['clerk', 'clerk'] })))).toBe('INVALID_STAFF');
    expect(await dir.getStaff('S-3')).toBeNull();
  });

  it('updates with an expected version: two concurrent saves give one success and one VERSION_CONFLICT', async () => {
    await dir.createStaff(staff('S-4', { accounts: { zzd: '40001' } }));
    const results = await Promise.allSettled([
      dir.updateStaff(staff('S-4', { name: '甲', accounts: { zzd: '40001' } }), 1),
      dir.updateStaff(staff('S-4', { name: '乙', accounts: { zzd: '40001' } }), 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as DirectoryError).code).toBe('VERSION_CONFLICT');
    const now = await dir.getStaff('S-4');
    expect(now?.version).toBe(2);
    expect(['甲', '乙']).toContain(now?.name);
    expect(await code(dir.updateStaff(staff('S-4'), 1))).toBe('VERSION_CONFLICT');
    expect(await code(dir.updateStaff(staff('S-nobody'), 1))).toBe('STAFF_NOT_FOUND');
  });

  it('moving an account releases the old one; a stale index row never logs the old owner in', async () => {
    await dir.createStaff(staff('S-5', { accounts: { zzd: '50001', dingtalk: 'ding-5' } }));
    const updated = await dir.updateStaff(staff('S-5', { accounts: { zzd: '50002' } }), 1);
    expect(updated.accounts).toEqual({ zzd: '50002' });
    expect(await dir.findStaffByAccount('zzd', '50001')).toBeNull();
    expect(await dir.findStaffByAccount('dingtalk', 'ding-5')).toBeNull();
    expect((await dir.findStaffByAccount('zzd', '50002'))?.id).toBe('S-5');
    // the released account can be given to someone else
    await dir.createStaff(staff('S-6', { accounts: { zzd: '50001' } }));
    expect((await dir.findStaffByAccount('zzd', '50001'))?.id).toBe('S-6');
  });

  it('lists staff in id order within a limit', async () => {
    const all = await dir.listStaff();
    expect(all.map((s) => s.id)).toEqual([...all.map((s) => s.id)].sort());
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining(['S-1', 'S-4', 'S-5', 'S-6']));
    expect(await dir.listStaff(2)).toHaveLength(2);
  });
});
