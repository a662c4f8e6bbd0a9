// Races and access: two staff acting on the same sub-task at once give one success and one CONFLICT; a
// handler of another department or district is refused on every operation and changes nothing; personal
// numbers are never stored in clear; the audit chain detects tampering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/core/actor.js';
import { TableStore, type PrimaryKeyInput } from '../../functions/store/client.js';
import { casePartition } from '../../functions/store/cases.js';
import { birthBundle, birthValues, FATHER_ID, MOTHER_ID, outputsFor, sampleOutputs } from '../core/fixtures.js';
import { rawTableText, suppliedBody, version, work, outcomeOf } from './helpers.js';
import { actor, staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const BABY_ID = sampleOutputs.householdRegistrationRecord.babyIdNumber as string;

let w: World;
let caseId: string;
beforeAll(async () => {
  w = await startWorld();
  caseId = (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'sec-0001' })).case.id;
  await w.services.drainCase(caseId);
  await work(w.services, birthBundle, caseId, 'birthCertificate', 'haishu-hospital1');
});
afterAll(async () => {
  await w.stop();
});

const outcome = outcomeOf;

describe('races', () => {
  it('several staff claim the same sub-task at once: exactly one succeeds, the others get CONFLICT', async () => {
    const v = await version(w.services, staff('yinzhou-police', 'handler1'), caseId, 'householdRegistration');
    const claimers = [staff('yinzhou-police', 'handler1'), staff('yinzhou-police', 'handler2'), staff('yinzhou-police', 'signer1'), staff('yinzhou-police', 'signer2')];
    const results = await Promise.all(claimers.map((who) => outcome(w.other().act(who, caseId, 'householdRegistration', { type: 'claim' }, v))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(3);
    const after = (await w.services.subTask(staff('yinzhou-police', 'handler1'), caseId, 'householdRegistration')).subTask;
    expect(after.version).toBe(v + 1);
    expect(claimers[results.indexOf('ok')].id).toBe(after.assignee);
  });

  it('two signers sign at once: one signature, one CONFLICT', async () => {
    const v = await version(w.services, staff('yinzhou-police', 'signer1'), caseId, 'householdRegistration');
    const sign = (who: StaffActor) => w.other().act(who, caseId, 'householdRegistration', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: outputsFor(birthBundle, 'householdRegistration') }, v);
    const results = await Promise.all([outcome(sign(staff('yinzhou-police', 'signer1'))), outcome(sign(staff('yinzhou-police', 'signer2')))]);
    expect(results.sort()).toEqual(['CONFLICT', 'ok']);
    await w.services.drainCase(caseId);
    const { events } = await w.services.timeline(CLERK, caseId);
    expect(events.filter((e) => e.itemId === 'householdRegistration' && e.action === 'signOff')).toHaveLength(1);
    // The cascade ran once: each consumer received the 户口簿 once.
    expect(events.filter((e) => e.action === 'receiveMaterial' && e.detail.material === 'householdRegistrationRecord')).toHaveLength(2);
  });

  it('a stale expectedVersion is a CONFLICT and changes nothing', async () => {
    const hr = staff('yinzhou-hrss', 'handler1');
    const v = await version(w.services, hr, caseId, 'socialSecurityCardApplication');
    expect(await outcome(w.services.act(hr, caseId, 'socialSecurityCardApplication', { type: 'comment', text: '已核对' }, v - 1))).toBe('CONFLICT');
    expect(await version(w.services, hr, caseId, 'socialSecurityCardApplication')).toBe(v);
  });
});

describe('another department or district', () => {
  const cases = [
    ['a handler of another department of the same district', 'yinzhou-hrss-handler1'],
    ['a handler of the same kind of department in another district', 'haishu-medicalInsurance-handler1'],
    ['a signer of another district', 'jiangbei-medicalInsurance-signer1'],
  ] as const;
  for (const [label, id] of cases) {
    it(`${label} is refused on every operation of 医保参保登记 and changes nothing`, async () => {
      const who = actor(id);
      const item = 'medicalInsuranceEnrollment';
      const owner = staff('yinzhou-medicalInsurance', 'handler1');
      const before = (await w.services.subTask(owner, caseId, item)).subTask;
      const eventsBefore = (await w.services.timeline(CLERK, caseId)).events.length;
      const v = before.version;
      const commands: unknown[] = [
        { type: 'claim' },
        { type: 'handOff', toDepartment: 'yinzhou-medicalInsurance', reason: '转交处理' },
        { type: 'returnForCorrection', reason: '材料不清', items: ['户口簿'] },
        { type: 'resubmit', values: {} },
        { type: 'suspend', kind: 'inspection', reason: '需要核查' },
        { type: 'resume' },
        { type: 'requestExtension', days: 1, reason: '需要延期' },
        { type: 'decideExtension', approve: true },
        { type: 'signOff', sealId: 'yinzhou-medicalInsurance-seal', outputs: outputsFor(birthBundle, item) },
        { type: 'countersign', sealId: 'yinzhou-medicalInsurance-seal' },
        { type: 'refuse', sealId: 'yinzhou-medicalInsurance-seal', reason: '不符合条件' },
        { type: 'comment', text: '看看' },
        { type: 'urge', text: '请尽快' },
        { type: 'recordDelivery', material: 'medicalInsuranceRecord', carrier: 'EMS', trackingNumber: 'EA000000001CN' },
      ];
      for (const c of commands) expect([c, await outcome(w.services.act(who, caseId, item, c, v))]).toEqual([c, 'FORBIDDEN']);
      expect(await outcome(w.services.act(who, caseId, item, { type: 'claim' }, v + 7))).toBe('FORBIDDEN');
      expect(await outcome(w.services.subTask(who, caseId, item))).toBe('FORBIDDEN');
      expect(await outcome(w.services.getCase(who, caseId))).toBe(id.startsWith('yinzhou-hrss') ? 'ok' : 'FORBIDDEN');
      expect(await outcome(w.services.withdraw(who, caseId, '不办了', 1))).toBe('FORBIDDEN');
      expect(await outcome(w.services.uploadAttachment(who, caseId, item, { bytes: Buffer.from('%PDF-1.4 test'), name: 'a.pdf', contentType: 'application/pdf' }))).toBe('FORBIDDEN');
      expect(await outcome(w.services.downloadAttachment(who, 'a'.repeat(64), { caseId, itemId: item }))).toBe('FORBIDDEN');
      expect(await outcome(w.services.auditTrail(who, caseId))).toBe('FORBIDDEN');
      expect(await outcome(w.services.archiveSearch(who, MOTHER_ID, '查询'))).toBe('FORBIDDEN');
      expect(await outcome(w.services.acceptCase(who, { bundleId: 'birth', values: birthValues(), requestId: 'sec-forbidden-1' }))).toBe('FORBIDDEN');
      expect(await outcome(w.services.precheck(who, { bundleId: 'birth', values: birthValues() }))).toBe('FORBIDDEN');
      expect((await w.services.queue(who, 'department', { state: 'ready' })).items.filter((i) => i.itemId === item && i.caseId === caseId)).toEqual([]);
      const after = (await w.services.subTask(owner, caseId, item)).subTask;
      expect(after).toEqual(before);
      expect((await w.services.timeline(CLERK, caseId)).events.length).toBe(eventsBefore);
    });
  }
});

describe('personal data at rest', () => {
  it('no ID or phone number is stored in clear in any table', async () => {
    await work(w.services, birthBundle, caseId, 'medicalInsuranceEnrollment', 'yinzhou-medicalInsurance');
    await w.services.archiveSearch(CLERK, MOTHER_ID, '核对');
    const tables: [string, string[]][] = [
      ['cases', ['pk', 'row']], ['queues', ['queue', 'due', 'ref']], ['archive', ['subject', 'case']], ['audit', ['pk', 'seq']],
      ['dirty', ['shard', 'case']], ['counters', ['key']], ['directory', ['kind', 'id']], ['caseIndex', ['ix', 'k']],
    ];
    let all = '';
    for (const [t, pk] of tables) all += await rawTableText(w.client as never, t, pk, TableStore);
    expect(all).toContain('enc1:'); // encrypted values are there …
    expect(all).toContain('王建华'); // … and the rows were really read (compressed cells inflated; the father's name is not sensitive)
    for (const secret of [MOTHER_ID, FATHER_ID, BABY_ID, '13805741234', MOTHER_ID.slice(0, 17)]) expect(all).not.toContain(secret);
    // Minors' and health data are sensitive classes too (core sensitivityRules): the baby's name is stored encrypted.
    expect(all).not.toContain('王小满');
    // Seal private keys are encrypted too.
    expect(all).not.toContain('BEGIN PRIVATE KEY');
    expect(all).toContain('BEGIN PUBLIC KEY');
  });
});

describe('audit chain', () => {
  it('verifies, and detects a changed or a removed record', async () => {
    const auditor = actor('haishu-serviceCenter-auditor1');
    const good = await w.services.auditTrail(auditor, caseId);
    expect(good.chainValid).toBe(true);
    expect(good.records.length).toBeGreaterThanOrEqual(4);
    const victim = good.records[1];
    // The row holding that record (a row holds the records of one change).
    const rows = await w.client.getRange({
      tableName: 'audit', direction: 'FORWARD', maxVersions: 1,
      inclusiveStartPrimaryKey: [{ pk: casePartition(caseId) }, { seq: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ pk: casePartition(caseId) }, { seq: TableStore.INF_MAX }],
    });
    const holder = rows.rows.find((r) => String(r.attributes?.[0]?.columnValue).includes(victim.hash));
    if (!holder?.primaryKey) throw new Error('row of the record not found');
    const key: PrimaryKeyInput = holder.primaryKey.map((c) => ({ [c.name]: c.value as string }));
    const original = String(holder.attributes?.[0]?.columnValue);
    const forged = original.replace(victim.purpose, '随便看看');
    await w.client.putRow({ tableName: 'audit', primaryKey: key, attributeColumns: [{ r: forged }], condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null) });
    const bad = await w.services.auditTrail(auditor, caseId);
    expect(bad).toMatchObject({ chainValid: false, brokenAt: victim.seq });
    await w.client.putRow({ tableName: 'audit', primaryKey: key, attributeColumns: [{ r: original }], condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null) });
    expect((await w.services.auditTrail(auditor, caseId)).chainValid).toBe(true);
    const lastRow = rows.rows[rows.rows.length - 1];
    const lastKey: PrimaryKeyInput = (lastRow.primaryKey ?? []).map((c) => ({ [c.name]: c.value as string }));
    await w.client.deleteRow({ tableName: 'audit', primaryKey: lastKey, condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null) });
    expect((await w.services.auditTrail(auditor, caseId)).chainValid).toBe(false);
  });
});
