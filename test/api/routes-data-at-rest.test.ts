// "Data at rest" through HTTP on the real service and tablestore-local: a birth case with the mother's bank
// account (生育医疗费用报销) is accepted; the raw Tablestore cells, read with the SDK directly and inflated as
// the store inflates them, hold no account number in clear — the bank account and the other sensitive
// fields (health: birth weight, minors: the baby's name and birth time) are ciphertexts where they are
// stored (the application, the sub-tasks' forms); staff who may see the account still get it in clear; it
// is never logged. A value that merely looks like a ciphertext ("enc1:…") in a plain field round-trips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findItem } from '../../functions/core/bundle';
import { birthBundle } from '../../functions/catalog/index';
import type { OtsClient } from '../../functions/store/client';
import { CaseCodec, col, unpack, type IntakeRecord } from '../../functions/store/caseRecord';
import { casePartition } from '../../functions/store/cases';
import { PiiCipher } from '../../functions/store/pii';
import { TableStore } from '../../functions/store/client';
import type { SubTask } from '../../functions/core/subtask';
import { D } from '../core/fixtures';
import { rawTableText } from '../service/helpers';
import { acceptThroughApi, birthBody, birthValues, CLERK, type AcceptedCase } from './fixtures';
import { KEYS, startRouteHarness, type RouteHarness } from './route-support';

const ACCOUNT = '6222021234567890123';
const WEIGHT = 3350;

let h: RouteHarness;
let birth: AcceptedCase;
let client: OtsClient;

beforeAll(async () => {
  h = await startRouteHarness();
  client = h.ots.client();
  const values = birthValues({ motherBankAccount: ACCOUNT, motherBankName: '宁波银行', motherInsuredDistrict: D.haishu, babyWeightGrams: WEIGHT });
  birth = await acceptThroughApi(h, birthBody(values, { chosenOptional: ['maternityReimbursement'] }));
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/** The case row's cells as stored (no decryption): column name → value. */
async function caseCells(caseId: string): Promise<Record<string, unknown>> {
  const r = await client.getRow({ tableName: 'cases', primaryKey: [{ pk: casePartition(caseId) }, { row: '#' }], maxVersions: 1 });
  return Object.fromEntries((r.row?.attributes ?? []).map((a: { columnName: string; columnValue: unknown }) => [a.columnName, a.columnValue]));
}

describe('sensitive fields at rest', () => {
  it('no table holds the bank account in clear, in any form (also inside deflated cells)', async () => {
    const tables: [string, string[]][] = [
      ['cases', ['pk', 'row']], ['queues', ['queue', 'due', 'ref']], ['archive', ['subject', 'case']], ['audit', ['pk', 'seq']],
      ['dirty', ['shard', 'case']], ['counters', ['key']],
    ];
    let all = '';
    for (const [t, pk] of tables) all += await rawTableText(client as never, t, pk, TableStore);
    expect(all).toContain('宁波银行'); // the rows were really read and inflated (the bank's name is not sensitive)
    for (const secret of [ACCOUNT, ACCOUNT.slice(-8), ACCOUNT.slice(0, 12)]) expect(all).not.toContain(secret);
  });

  it('the application and every sub-task form keep the account, the weight and the baby\'s data as ciphertexts; staff who may see them get them in clear', async () => {
    const cells = await caseCells(birth.caseId);
    const intake = unpack<IntakeRecord>(cells[col.intake] as Buffer);
    const stored = intake?.application.data ?? {};
    expect(String(stored.motherBankAccount)).toMatch(/^enc1:/);
    expect(String(stored.babyWeightGrams)).toMatch(/^encj1:/); // health, an integer: sealed with its type
    expect(String(stored.babyName)).toMatch(/^enc1:/); // a minor's data
    expect(String(stored.babyBirthTime)).toMatch(/^enc1:/);
    expect(stored.motherBankName).toBe('宁波银行');
    for (const itemId of birth.view.subTasks.map((s: { itemId: string }) => s.itemId) as string[]) {
      const st = unpack<SubTask>(cells[col.subTask(itemId)] as Buffer);
      if (!st) throw new Error(`no cell for ${itemId}`);
      for (const key of ['motherBankAccount', 'babyWeightGrams', 'babyName'] as const) {
        if (findItem(birthBundle, itemId)?.fields.includes(key)) expect(String(st.form[key]), `${itemId}.${key}`).toMatch(/^encj?1:/);
      }
    }
    // Opened by the store's codec with DATA_KEY, the same cells give the values back, with their types.
    const opened = new CaseCodec(new PiiCipher(KEYS)).openIntake(cells[col.intake] as Buffer);
    expect(opened.application.data).toMatchObject({ motherBankAccount: ACCOUNT, babyWeightGrams: WEIGHT, babyName: '王小满' });

    // Staff who may see them get them decrypted; staff who may not, do not get them at all; never logged.
    const route = birth.routes.maternityReimbursement;
    expect(route.department).toBe('haishu-medicalInsurance');
    const mine = await h.call('GET', `/api/subtasks/${birth.caseId}/maternityReimbursement`, { token: h.token('haishu-medicalInsurance-handler1') });
    expect(mine.status).toBe(200);
    expect(mine.body.subTask.form.motherBankAccount).toBe(ACCOUNT);
    const hospital = await h.call('GET', `/api/subtasks/${birth.caseId}/birthCertificate`, { token: h.token('haishu-hospital1-handler1') });
    expect(hospital.status).toBe(200);
    expect(hospital.body.subTask.form.babyWeightGrams).toBe(WEIGHT);
    expect(JSON.stringify(hospital.body)).not.toContain(ACCOUNT);
    const overview = await h.call('GET', `/api/cases/${birth.caseId}`, { token: h.token(CLERK) });
    expect(JSON.stringify(overview.body)).not.toContain(ACCOUNT);
    expect(h.logs.join('\n')).not.toContain(ACCOUNT);
  });

  it('a plain value that looks like a ciphertext is stored encrypted and comes back as typed', async () => {
    const place = 'enc1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const other = await acceptThroughApi(h, birthBody(birthValues({ babyBirthPlace: place })));
    const r = await h.call('GET', `/api/subtasks/${other.caseId}/birthCertificate`, { token: h.token('haishu-hospital1-handler1') });
    expect(r.status).toBe(200);
    expect(r.body.subTask.form.babyBirthPlace).toBe(place);
  });
});
