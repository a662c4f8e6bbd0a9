// 停用 in the staff row, against a real tablestore-local: setDisabled writes the `disabled` cell and the version
// (expecting the version read), staff edits keep the cell, the session read reports it, enabling removes it, and the
// account index still finds the person (so login can say 已停用 rather than 未开通).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtsClient } from '../../functions/store/client.js';
import { Directory, DIRECTORY_TABLE, DirectoryError } from '../../functions/store/directory.js';
import { StaffSessions } from '../../functions/store/sessions.js';
import { startOts, type OtsHarness } from '../support/ots.js';

let ots: OtsHarness;
let client: OtsClient;
beforeAll(async () => {
  ots = await startOts();
  client = ots.client() as unknown as OtsClient;
  await client.createTable(DIRECTORY_TABLE);
});
afterAll(async () => {
  await ots.stop();
});

describe('disabled staff rows', () => {
  it('disable, edit, enable: the cell, the version and the session read', async () => {
    const directory = new Directory(client);
    const sessions = new StaffSessions(client);
    await directory.createStaff({ id: 'D-1', name: '李晓明', districtCode: '330212', departmentCode: 'yz-police', roles: ['handler'], accounts: { zzd: '20001' } });
    const why = { reason: '调离本单位', by: 'A-1', at: '2026-03-02T02:00:00.000Z' };

    await expect(directory.setDisabled('D-1', why, 7)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const off = await directory.setDisabled('D-1', why, 1);
    expect(off).toMatchObject({ version: 2, disabled: why });
    expect(await directory.getStaff('D-1')).toMatchObject({ version: 2, disabled: why });
    expect(await sessions.current('D-1')).toMatchObject({ roles: ['handler'], disabled: true });
    expect((await directory.findStaffByAccount('zzd', '20001'))?.disabled).toEqual(why);

    const edited = await directory.updateStaff({ id: 'D-1', name: '李晓明', districtCode: '330212', departmentCode: 'yz-police', roles: ['handler', 'signer'], accounts: { zzd: '20001' } }, 2);
    expect(edited).toMatchObject({ version: 3, disabled: why, roles: ['handler', 'signer'] });
    expect((await directory.getStaff('D-1'))?.disabled).toEqual(why);

    const on = await directory.setDisabled('D-1', null, 3);
    expect(on.version).toBe(4);
    expect(on.disabled).toBeUndefined();
    expect(await directory.getStaff('D-1')).not.toHaveProperty('disabled');
    expect(await sessions.current('D-1')).toEqual({ district: '330212', department: 'yz-police', roles: ['handler', 'signer'], generation: 0 });
    await expect(directory.setDisabled('nobody', why, 1)).rejects.toBeInstanceOf(DirectoryError);
  });

  it('two admins disabling at once: one wins, the other is a version conflict', async () => {
    const directory = new Directory(client);
    await directory.createStaff({ id: 'D-2', name: '张海燕', districtCode: '330212', departmentCode: 'yz-police', roles: ['handler'], accounts: {} });
    const results = await Promise.allSettled([
      directory.setDisabled('D-2', { reason: '甲', by: 'A-1', at: '2026-03-02T02:00:00.000Z' }, 1),
      directory.setDisabled('D-2', { reason: '乙', by: 'A-2', at: '2026-03-02T02:00:00.000Z' }, 1),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await directory.getStaff('D-2'))?.version).toBe(2);
  });
});
