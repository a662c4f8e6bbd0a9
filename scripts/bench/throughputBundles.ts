// The bundles the throughput part drives, each case with a subject of its own (valid ID numbers, 统一社会信用代码 and
// 项目代码 derived from the case's number, so no two cases share an archive or a family), from the tests' data:
//   出生一件事 (birth, test/browser/support/birth.ts): the 鄞州 window accepts; five items, each claimed by its
//     department's handler when ready and signed off by its signer.
//   身后一件事 across districts (death, test/core/fixtures.ts as test/scenarios/death.test.ts uses it): died in 海曙,
//     registered in 鄞州, insured in 江北; the 海曙 window accepts; five items, each claimed and signed off, and the two
//     江北 settlements countersigned (会签) by a second signer.
//   竣工联合验收 (completionAcceptance, test/core/enterpriseFixtures.ts as test/scenarios/acceptance.test.ts uses it): an
//     industrial project with 水土保持; the 鄞州 window accepts; the four departments' handlers claim when ready, the
//     window schedules the joint site visit, each handler confirms it and each signer records a passing opinion; the
//     审管办's signer then claims and signs the 联合验收意见书.
import { findCatalogBundle } from '../../functions/catalog/index';
import { creditCodeCheckChar } from '../../functions/core/creditCode';
import { idCheckDigit } from '../../functions/core/idNumber';
import { shanghaiWallClock } from '../../functions/core/time';
import { INTAKE_MATERIALS, birthCase, outputValue, outputsOf, type BirthCase } from '../../test/browser/support/birth';
import {
  ACCEPTANCE_DEPTS, ACCEPTANCE_HANDLER, ACCEPTANCE_SEAL, ACCEPTANCE_SIGNER, acceptanceOutputs, acceptanceSupplied, acceptanceValues, WATER_VALUES,
} from '../../test/core/enterpriseFixtures';
import { deathValues, makeId, outputsFor } from '../../test/core/fixtures';
import type { BundleDriver, Drive } from './throughputDrive';

const DAY_MS = 86_400_000;
const YINZHOU_CLERK = 'yinzhou-serviceCenter-clerk1';

/** A date `n` days after `from` (YYYY-MM-DD), so each case's people are born on a day of their own. */
const dayAfter = (from: string, n: number) => new Date(Date.parse(`${from}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Sample output values dated now: every date today, every date-time `at` (as the tests' `datedNow`). */
function dated(values: Record<string, unknown>, today: string, at: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k,
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? today : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? at : v]));
}

/** A family of its own per case (ask-once reads the parents' archives: shared parents would make each case dearer). */
function family(n: number, nowMs: number): BirthCase {
  const c = birthCase(nowMs);
  const id = (birth: string, seq: number) => {
    const first17 = '330212' + birth + String(seq).padStart(3, '0');
    return first17 + idCheckDigit(first17);
  };
  const year = 1980 + (n % 20);
  const fatherId = id(`${year}0307`, (n * 2 + 1) % 1000);
  const motherId = id(`${year + 2}0415`, (n * 2) % 1000);
  return { ...c, fatherId, motherId, values: { ...c.values, fatherIdNumber: fatherId, motherIdNumber: motherId } };
}

const BIRTH_ITEMS = ['birthCertificate', 'vaccinationCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication'];

type Prefill = Record<string, Record<string, unknown>>;

/** Each item in turn, worked by its department (handler1 claims, signer1 signs, signer2 countersigns where 会签). */
async function signEach(d: Drive, items: string[], countersigned: ReadonlySet<string>, outputs: (itemId: string, prefill: Prefill) => Record<string, unknown>): Promise<void> {
  for (const itemId of items) {
    const dep = d.department(itemId);
    const who = { handler: `${dep}-handler1`, signer: `${dep}-signer1`, seal: `${dep}-seal`, countersigner: countersigned.has(itemId) ? `${dep}-signer2` : undefined };
    await d.signItem(itemId, who, (prefill) => outputs(itemId, prefill));
  }
}

const birth: BundleDriver = {
  key: 'birth',
  name: '出生一件事 (birth)',
  clerk: YINZHOU_CLERK,
  application(n) {
    const c = family(n, Date.now());
    const values: Record<string, string | number> = { ...c.values, babyBirthTime: c.birthLocal + ':00+08:00', babyWeightGrams: Number(c.values.babyWeightGrams) };
    const supplied = INTAKE_MATERIALS.map((m) => ({ type: m.id, data: Object.fromEntries(m.fields.map((f) => [f.key, outputValue(f, c)])), attachments: [] }));
    return {
      body: { bundleId: 'birth', values, chosenOptional: [], supplied },
      work: (d) => signEach(d, BIRTH_ITEMS, new Set(), (itemId, prefill) => {
        const outputs: Record<string, Record<string, unknown>> = {};
        for (const m of outputsOf(itemId)) {
          const data: Record<string, unknown> = {};
          for (const f of m.fields) data[f.key] = f.type === 'datetime' ? `${c.birthLocal}:00+08:00` : f.type === 'integer' ? 3260 : f.type === 'amount' ? 56320.5 : outputValue(f, c);
          outputs[m.id] = { ...data, ...(prefill[m.id] ?? {}) };
        }
        return outputs;
      }),
    };
  },
};

const deathBundle = findCatalogBundle('death');
const DEATH_ITEMS = ['deathCertificate', 'cremation', 'householdCancellation', 'pensionSettlement', 'medicalAccountSettlement'];

const death: BundleDriver = {
  key: 'death',
  name: '身后一件事 (death, 海曙 / 鄞州 / 江北)',
  clerk: 'haishu-serviceCenter-clerk1',
  application(n) {
    if (!deathBundle) throw new Error('no death bundle in the catalog');
    const now = Date.now();
    const today = shanghaiWallClock(now).slice(0, 10);
    const deathTime = `${shanghaiWallClock(now - 4 * DAY_MS).slice(0, 10)}T21:10:00+08:00`;
    const deceasedId = makeId('330212', dayAfter('1930-01-01', n), '015');
    const values = deathValues({ deathTime, deceasedIdNumber: deceasedId, applicantIdNumber: makeId('330205', dayAfter('1960-01-01', n), '022') });
    const countersigned = new Set(deathBundle.items.filter((i) => i.countersign).map((i) => i.id));
    return {
      body: { bundleId: 'death', values, chosenOptional: [], supplied: [] },
      work: (d) => signEach(d, DEATH_ITEMS, countersigned, (itemId, prefill) => Object.fromEntries(Object.entries(outputsFor(deathBundle, itemId)).map(([m, sample]) => {
        const data = dated(sample, today, deathTime);
        if ('deceasedIdNumber' in data) data.deceasedIdNumber = deceasedId;
        return [m, { ...data, ...(prefill[m] ?? {}) }];
      }))),
    };
  },
};

/** The n-th enterprise (鄞州, 统一社会信用代码 with its check character) and its project's code. */
function enterprise(n: number): { creditCode: string; projectCode: string; legalRepId: string } {
  const first17 = `91330212MA${String(n).padStart(7, '0')}`;
  return { creditCode: first17 + creditCodeCheckChar(first17), projectCode: `2025-330212-34-03-${String(n).padStart(6, '0')}`, legalRepId: makeId('330212', dayAfter('1960-01-01', n), '053') };
}

const acceptance: BundleDriver = {
  key: 'acceptance',
  name: '竣工联合验收 (completionAcceptance, industrial, with 水土保持)',
  clerk: YINZHOU_CLERK,
  application(n) {
    const e = enterprise(n);
    const today = shanghaiWallClock(Date.now()).slice(0, 10);
    const values = acceptanceValues({ ...WATER_VALUES, enterpriseCreditCode: e.creditCode, projectCode: e.projectCode, legalRepresentativeIdNumber: e.legalRepId });
    const supplied = acceptanceSupplied.map((m) => ({ type: m.type, data: 'projectCode' in m.data ? { ...m.data, projectCode: e.projectCode } : { ...m.data }, attachments: [] }));
    const jointOpinion = (prefill: Prefill) => Object.fromEntries(Object.entries(acceptanceOutputs.jointOpinion).map(([m, sample]) => {
      const data = dated(sample, today, new Date().toISOString());
      data.projectCode = e.projectCode;
      data.enterpriseCreditCode = e.creditCode;
      return [m, { ...data, ...(prefill[m] ?? {}) }];
    }));
    return {
      body: { bundleId: 'completionAcceptance', values, chosenOptional: ['waterConservationCheck'], supplied },
      async work(d) {
        for (const item of ACCEPTANCE_DEPTS) await d.act(item, ACCEPTANCE_HANDLER[item], 'handler', { type: 'claim' }, await d.whenReady(item, ACCEPTANCE_HANDLER[item], 'handler'));
        await d.caseCommand(YINZHOU_CLERK, 'acceptance', 'site-visit', { date: today, time: '09:30', place: '鄞州区姜山镇科技园区明光路 88 号项目东门' });
        for (const item of ACCEPTANCE_DEPTS) {
          await d.act(item, ACCEPTANCE_HANDLER[item], 'handler', { type: 'confirmSiteVisit' });
          const st = await d.act(item, ACCEPTANCE_SIGNER[item], 'signer', { type: 'recordOpinion', sealId: ACCEPTANCE_SEAL[item], result: 'pass', opinion: '验收合格' });
          if (st.state !== 'done') throw new Error(`${item} after a passing opinion: ${st.state}`);
        }
        const signer = ACCEPTANCE_SIGNER.jointOpinion;
        await d.signItem('jointOpinion', { handler: signer, signer, seal: ACCEPTANCE_SEAL.jointOpinion }, jointOpinion);
      },
    };
  },
};

export const BUNDLES: BundleDriver[] = [birth, death, acceptance];
