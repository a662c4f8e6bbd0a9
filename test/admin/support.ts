// Shared by the admin suites that run against a store: the CLI's io, the store environment, and birth cases
// driven through the service as the seeded staff would (accept, claim, sign off; countersign and refuse).
import type { Services } from '../../functions/service/index';
import type { CliIo } from '../../scripts/admin/cli';
import { birthValues } from '../core/fixtures';
import { act, BIRTH_SUPPLIED, CLERK, claim, departmentOf, signOff, staffActor } from '../effects/support/birth';
import type { EffectsStack } from '../effects/support/stack';

/** 海曙 (the accepting district) 审计. */
export const AUDITOR = 'haishu-serviceCenter-auditor1';
export const ARCHIVE_AS = ['--as', AUDITOR, '--purpose', '档案导出核验'];
export const SIGNED_ITEMS = ['birthCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication'];

export type TestIo = CliIo & { stdout: string; stderr: string };

export function cliIo(cwd: string, env: Record<string, string | undefined>, stdin = ''): TestIo {
  const o = {
    stdout: '', stderr: '', env, cwd, now: () => '2026-03-10T00:00:00.000Z', stdin: async () => stdin,
    out: (t: string) => void (o.stdout += t), err: (t: string) => void (o.stderr += t),
  };
  return o;
}

export const storeEnv = (stack: EffectsStack) => ({
  OTS_ENDPOINT: stack.env.OTS_ENDPOINT, OTS_INSTANCE: stack.env.OTS_INSTANCE, OTS_ACCESS_KEY_ID: stack.env.OTS_ACCESS_KEY_ID,
  OTS_ACCESS_KEY_SECRET: stack.env.OTS_ACCESS_KEY_SECRET, DATA_KEY: stack.env.DATA_KEY, HASH_KEY: stack.env.HASH_KEY,
});

/** Claims and signs off (countersigning where the item asks) each item in turn, draining between steps. */
export async function signItems(svc: Services, caseId: string, items: readonly string[]): Promise<void> {
  for (const itemId of items) {
    await svc.drainCase(caseId);
    await claim(svc, caseId, itemId);
    await svc.drainCase(caseId);
    await signOff(svc, caseId, itemId);
  }
  await svc.drainCase(caseId);
}

/** A birth case with the optional 生育医疗费用报销 (countersigned by two signers) and a refused 疫苗接种证. */
export async function countersignedAndRefusedCase(svc: Services, requestId: string): Promise<string> {
  const values = birthValues({ motherInsuredDistrict: '330212', motherBankAccount: '6222021234567890123', motherBankName: '中国工商银行宁波鄞州支行' });
  const r = await svc.acceptCase(staffActor(CLERK), { bundleId: 'birth', values, chosenOptional: ['maternityReimbursement'], supplied: BIRTH_SUPPLIED, requestId });
  const caseId = r.case.id;
  await signItems(svc, caseId, ['birthCertificate', 'maternityReimbursement']);
  await claim(svc, caseId, 'vaccinationCertificate');
  await svc.drainCase(caseId);
  const dep = await departmentOf(svc, caseId, 'vaccinationCertificate');
  await act(svc, `${dep}-signer1`, caseId, 'vaccinationCertificate', { type: 'refuse', sealId: `${dep}-seal`, reason: '新生儿已在外地接种，本地不予办理' });
  await svc.drainCase(caseId);
  return caseId;
}
