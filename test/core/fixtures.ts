/**
 * Test fixtures for the core: valid applications, actors from the seed directory, and a small
 * in-memory "world" that applies effects the way the dispatcher will (shares, releases,
 * cancellations, completion) so whole cases can be driven through the pure core.
 */
import { type StaffActor, systemActor } from '../../functions/core/actor.js';
import type { Bundle } from '../../functions/core/bundle.js';
import { createWorkCalendar } from '../../functions/core/calendar.js';
import { acceptCase, type CaseRecord, caseInfoOf, completeCase } from '../../functions/core/case.js';
import { type Directory, findStaff } from '../../functions/core/directory.js';
import type { Effect } from '../../functions/core/effects.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { TimelineEvent } from '../../functions/core/events.js';
import type { FormValues } from '../../functions/core/form.js';
import { idCheckDigit } from '../../functions/core/idNumber.js';
import type { MaterialRecord } from '../../functions/core/materials.js';
import { type SubTask, type SubTaskCommand, type SubTaskContext, type SubTaskResult, transitionSubTask } from '../../functions/core/subtask.js';
import { birthBundle, deathBundle, seedDirectory } from '../../functions/catalog/index.js';

export { birthBundle, deathBundle, seedDirectory };

export const calendar = createWorkCalendar();

/** A valid 18-digit ID number. */
export function makeId(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + idCheckDigit(first17);
}

export const MOTHER_ID = makeId('330203', '1993-05-12', '042');
export const FATHER_ID = makeId('330212', '1991-11-03', '031');
export const DECEASED_ID = makeId('330212', '1941-07-20', '015');
export const APPLICANT_ID = makeId('330205', '1968-02-14', '022');

/** Monday 2 March 2026, 10:00 in Asia/Shanghai. */
export const NOW = '2026-03-02T02:00:00.000Z';

export const D = { yinzhou: '330212', haishu: '330203', jiangbei: '330205', beilun: '330206', zhenhai: '330211' } as const;

export function birthValues(overrides: FormValues = {}): FormValues {
  return {
    babyName: '王小满',
    babySex: 'female',
    babyBirthTime: '2026-02-27T08:30:00+08:00',
    babyBirthPlace: '浙江省宁波市海曙区柳汀街339号',
    birthHospital: 'haishu-hospital1',
    babyWeightGrams: 3350,
    fatherName: '王建华',
    fatherIdNumber: FATHER_ID,
    fatherHouseholdDistrict: D.yinzhou,
    motherName: '李秀梅',
    motherIdNumber: MOTHER_ID,
    motherHouseholdDistrict: D.haishu,
    marriageStatus: 'married',
    registerWith: 'father',
    householdDistrict: D.yinzhou,
    householdHeadName: '王建华',
    householdHeadRelation: 'daughter',
    householdAddress: '浙江省宁波市鄞州区首南街道日丽中路1号',
    residenceDistrict: D.jiangbei,
    residenceAddress: '浙江省宁波市江北区洪塘街道环城北路西段8号',
    applicantPhone: '13805741234',
    deliveryMethod: 'post',
    postalRecipient: '王建华',
    postalAddress: '浙江省宁波市江北区洪塘街道环城北路西段8号',
    postalCode: '315033',
    ...overrides,
  };
}

export function deathValues(overrides: FormValues = {}): FormValues {
  return {
    deceasedName: '张德福',
    deceasedIdNumber: DECEASED_ID,
    deceasedSex: 'male',
    deathTime: '2026-02-26T21:10:00+08:00',
    deathPlace: '浙江省宁波市海曙区西北街42号',
    deathDistrict: D.haishu,
    deathCategory: 'normal',
    deathCause: '慢性心力衰竭',
    householdDistrict: D.yinzhou,
    householdAddress: '浙江省宁波市鄞州区钟公庙街道天童南路588号',
    insuredDistrict: D.jiangbei,
    pensionInsuranceType: 'employee',
    applicantName: '张丽',
    applicantIdNumber: APPLICANT_ID,
    applicantRelation: 'child',
    applicantPhone: '13957488888',
    heirBankAccount: '6222021234567890123',
    heirBankName: '中国工商银行宁波分行',
    ...overrides,
  };
}

export function intakeMaterial(type: string, data: FormValues): MaterialRecord {
  return {
    type, caseId: '', producedBy: 'intake', issuer: null, data,
    attachments: [{ sha256: 'a'.repeat(64), name: `${type}.pdf`, size: 1024, mime: 'application/pdf' }],
    issuedAt: NOW, seal: null,
  };
}

export const birthSupplied: MaterialRecord[] = [
  intakeMaterial('marriageCertificate', { certificateNumber: '甬鄞结字第2019001234号', registeredOn: '2019-10-01' }),
  intakeMaterial('householdBook', { householdNumber: '330212012345', householdHeadName: '王建华', address: '浙江省宁波市鄞州区首南街道日丽中路1号' }),
];

export function actor(id: string, dir: Directory = seedDirectory): StaffActor {
  const s = findStaff(dir, id);
  if (!s) throw new Error(`no staff ${id}`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

export const dispatcher = systemActor('dispatcher');

/** Sample outputs per material type, valid against the catalog's material types. */
export const sampleOutputs: Record<string, FormValues> = {
  birthMedicalCertificate: {
    certificateNumber: 'Q330123456', babyName: '王小满', babySex: 'female', birthTime: '2026-02-27T08:30:00+08:00',
    birthPlace: '浙江省宁波市海曙区柳汀街339号', hospitalName: '宁波市妇女儿童医院', weightGrams: 3350,
    motherName: '李秀梅', motherIdNumber: MOTHER_ID, fatherName: '王建华', fatherIdNumber: FATHER_ID, issuedOn: '2026-03-02',
  },
  householdRegistrationRecord: {
    babyIdNumber: makeId('330212', '2026-02-27', '024'), babyName: '王小满', babySex: 'female',
    householdNumber: '330212012345', policeStation: '宁波市公安局鄞州分局首南派出所', registeredOn: '2026-03-02',
  },
  medicalInsuranceRecord: { insuranceNumber: 'NB2026030200123', insuredFrom: '2026-02-27' },
  socialSecurityCard: { cardNumber: 'C33021200123', bank: '宁波银行', issuedOn: '2026-03-02' },
  vaccinationRecord: { certificateNumber: 'JZ330205-2026-0456', clinic: '江北区洪塘街道社区卫生服务中心', firstDoseOn: '2026-02-27' },
  maternityReimbursementDecision: { decisionNumber: 'SY2026-000123', amountYuan: 4200, paidOn: '2026-03-02' },
  deathMedicalCertificate: {
    certificateNumber: 'S330203202600123', deceasedName: '张德福', deceasedIdNumber: DECEASED_ID,
    deathTime: '2026-02-26T21:10:00+08:00', deathPlace: '浙江省宁波市海曙区西北街42号', deathCause: '慢性心力衰竭',
    issuedBy: '宁波市第一医院', issuedOn: '2026-02-27',
  },
  cremationCertificate: { certificateNumber: 'HH2026-0301', crematedOn: '2026-03-01', funeralHome: '宁波市殡仪馆' },
  householdCancellationRecord: { deceasedIdNumber: DECEASED_ID, cancelledOn: '2026-03-02', policeStation: '宁波市公安局鄞州分局钟公庙派出所' },
  pensionSettlementDecision: { decisionNumber: 'YL2026-0088', funeralGrantYuan: 5000, survivorPensionYuan: 60000, accountBalanceYuan: 23456, stoppedOn: '2026-02-28' },
  medicalAccountDecision: { decisionNumber: 'YB2026-0077', amountYuan: 3210, stoppedOn: '2026-02-28' },
  housingFundDecision: { decisionNumber: 'GJJ2026-0066', amountYuan: 88000, closedOn: '2026-03-02' },
};

export function outputsFor(bundle: Bundle, itemId: string): Record<string, FormValues> {
  const item = bundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(itemId);
  return Object.fromEntries(item.outputs.map((m) => [m, sampleOutputs[m]]));
}

/**
 * A case held in memory with its sub-tasks; `act` applies a command and then every effect the way
 * the dispatcher will, recording everything.
 */
export class World {
  case: CaseRecord;
  subTasks: Map<string, SubTask>;
  events: TimelineEvent[] = [];
  effects: Effect[] = [];
  applied = new Set<string>();

  constructor(
    readonly bundle: Bundle,
    accepted: { case: CaseRecord; subTasks: SubTask[]; events: TimelineEvent[]; effects: Effect[] },
    readonly directory: Directory = seedDirectory,
  ) {
    this.case = accepted.case;
    this.subTasks = new Map(accepted.subTasks.map((s) => [s.itemId, s]));
    this.events.push(...accepted.events);
    this.apply(accepted.effects, NOW);
  }

  /** `directory` accepts the case; `later`, when given, is the directory from then on (e.g. a seal's scope narrowed). */
  static accept(
    bundle: Bundle, values: FormValues, clerkId: string,
    opts: { chosenOptional?: string[]; now?: string; directory?: Directory; later?: Directory; caseId?: string } = {},
  ): World {
    const directory = opts.directory ?? seedDirectory;
    const r = acceptCase({
      caseId: opts.caseId ?? 'LB20260302-0001', bundle, values, chosenOptional: opts.chosenOptional ?? [],
      supplied: bundle.id === 'birth' ? birthSupplied : [], actor: actor(clerkId, directory), now: opts.now ?? NOW, directory, calendar,
    });
    if (isDomainError(r)) throw new Error(`${r.code} ${JSON.stringify(r.issues)}`);
    return new World(bundle, r, opts.later ?? directory);
  }

  ctx(itemId: string): SubTaskContext {
    const item = this.bundle.items.find((i) => i.id === itemId);
    if (!item) throw new Error(itemId);
    return { bundle: this.bundle, item, directory: this.directory, calendar, caseInfo: caseInfoOf(this.case) };
  }

  get(itemId: string): SubTask {
    const st = this.subTasks.get(itemId);
    if (!st) throw new Error(`no sub-task ${itemId}`);
    return st;
  }

  /** Run a command; on success store the result and apply its effects. Returns the raw result. */
  act(itemId: string, command: SubTaskCommand, who: StaffActor | typeof dispatcher, now = NOW): SubTaskResult | ReturnType<typeof transitionSubTask> {
    const r = transitionSubTask(this.get(itemId), command, who, now, this.ctx(itemId));
    if (isDomainError(r)) return r;
    this.store(r);
    this.apply(r.effects, now);
    return r;
  }

  private store(r: SubTaskResult): void {
    if (!r.changed) return;
    this.subTasks.set(r.subTask.itemId, r.subTask);
    this.events.push(...r.events);
  }

  states(): Record<string, SubTask['state']> {
    return Object.fromEntries([...this.subTasks].map(([k, v]) => [k, v.state]));
  }

  apply(effects: readonly Effect[], now: string): void {
    for (const e of effects) {
      this.effects.push(e);
      if (this.applied.has(e.id)) continue;
      this.applied.add(e.id);
      switch (e.kind) {
        case 'shareMaterial': {
          const from = this.get(e.fromItem);
          const data = from.outputs[e.material] ?? {};
          const r = transitionSubTask(this.get(e.toItem), { type: 'receiveMaterial', material: e.material, fromItem: e.fromItem, fields: data, attachments: [] }, dispatcher, now, this.ctx(e.toItem));
          if (isDomainError(r)) throw r;
          this.store(r);
          this.apply(r.effects, now);
          break;
        }
        case 'releaseSubTask':
        case 'cancelSubTask': {
          const command: SubTaskCommand = e.kind === 'releaseSubTask' ? { type: 'release' } : { type: 'cancel', reason: e.reason };
          const r = transitionSubTask(this.get(e.itemId), command, dispatcher, now, this.ctx(e.itemId));
          if (isDomainError(r)) throw r;
          this.store(r);
          this.apply(r.effects, now);
          break;
        }
        case 'completeCase': {
          const r = completeCase(this.case, this.states(), this.bundle, dispatcher, now);
          if (isDomainError(r)) throw r;
          if (r.changed) {
            this.case = r.case;
            this.events.push(...r.events);
            this.apply(r.effects, now);
          }
          break;
        }
        default:
          break;
      }
    }
  }
}

/** Staff ids of a department by role suffix, e.g. staffOf('yinzhou-police', 'handler1'). */
export function staffOf(department: string, suffix: string): StaffActor {
  return actor(`${department}-${suffix}`);
}
