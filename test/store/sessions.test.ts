// The store pieces behind sessions, numbers and intake files, against a real tablestore-local: the session
// generation in the staff row (logout raises it; directory writes keep it), Counters.nextOnce (a marked
// request never takes a second number) and the intake upload records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtsClient } from '../../functions/store/client.js';
import { Counters, COUNTERS_TABLE } from '../../functions/store/counters.js';
import { Directory, DIRECTORY_TABLE } from '../../functions/store/directory.js';
import { StaffSessions } from '../../functions/store/sessions.js';
import { startOts, type OtsHarness } from '../support/ots.js';

let ots: OtsHarness;
let client: OtsClient;
beforeAll(async () => {
  ots = await startOts();
  client = ots.client() as unknown as OtsClient;
  for (const t of [COUNTERS_TABLE, DIRECTORY_TABLE]) await client.createTable(t);
});
afterAll(async () => {
  await ots.stop();
});

describe('StaffSessions', () => {
  it('reads the staff row as it is now; logout raises the generation; directory writes keep it', async () => {
    const directory = new Directory(client);
    const sessions = new StaffSessions(client);
    const staff = await directory.createStaff({ id: 'S-1', name: '王晓燕', districtCode: '330212', departmentCode: 'yz-window', roles: ['clerk'], accounts: { zzd: '10001' } });
    expect(await sessions.current('S-1')).toEqual({ district: '330212', department: 'yz-window', roles: ['clerk'], generation: 0 });
    await sessions.revoke('S-1');
    await sessions.revoke('S-1');
    expect((await sessions.current('S-1'))?.generation).toBe(2);
    const moved = await directory.updateStaff({ ...staff, departmentCode: 'yz-police', roles: ['handler'] }, staff.version);
    expect(await sessions.current('S-1')).toEqual({ district: '330212', department: 'yz-police', roles: ['handler'], generation: 2 });
    expect(moved.version).toBe(2); // the generation is not the row's version: admins' conditional writes are unaffected
    expect(await directory.getStaff('S-1')).toMatchObject({ version: 2, roles: ['handler'] });
  });

  it('someone not in the directory: current is null, revoke does nothing (and creates no row)', async () => {
    const sessions = new StaffSessions(client);
    expect(await sessions.current('S-none')).toBeNull();
    await sessions.revoke('S-none');
    expect(await sessions.current('S-none')).toBeNull();
    expect(await sessions.current('not a valid id!')).toBeNull();
  });
});

describe('Counters', () => {
  it('nextOnce takes a number once per marker; a replay changes nothing', async () => {
    const c = new Counters(client);
    expect(await c.nextOnce('seq:x:20260302', 'r_a', 1000)).toBe(1);
    expect(await c.nextOnce('seq:x:20260302', 'r_a', 2000)).toBeNull();
    expect(await c.nextOnce('seq:x:20260302', 'r_b', 3000)).toBe(2);
    expect(await c.markerStamp('seq:x:20260302', 'r_a')).toBe(1000);
    expect(await c.markerStamp('seq:x:20260302', 'r_none')).toBe(0);
    expect(await c.next('seq:x:20260302')).toBe(3);
    const all = await Promise.all(Array.from({ length: 10 }, () => c.nextOnce('seq:x:20260302', 'r_c', 4000)));
    expect(all.filter((n) => n !== null)).toEqual([4]);
  });

  it('records an intake upload per staff member and file', async () => {
    const c = new Counters(client);
    const sha = 'e'.repeat(64);
    await c.recordUpload('S-1', sha, 'intake', { size: 1234, mime: 'application/pdf', at: '2026-03-02T02:00:00.000Z' });
    expect(await c.upload('S-1', sha, 'intake')).toEqual({ by: 'S-1', purpose: 'intake', size: 1234, mime: 'application/pdf' });
    expect(await c.upload('S-2', sha, 'intake')).toBeNull();
  });
});
