/**
 * A birth application as a window clerk would type it, and the data each department enters when it
 * signs (by material field definitions of the catalog). ID numbers are generated with valid check
 * digits (GB 11643) for obviously fictional people.
 */
import type { FieldDef } from '../../../functions/core/bundle';
import { idCheckDigit } from '../../../functions/core/idNumber';
import { shanghaiWallClock } from '../../../functions/core/time';
import { birthBundle } from '../../../functions/catalog/index';

const YINZHOU = '330212';

function idNumber(region: string, birth: string, sequence: string): string {
  const first17 = region + birth.replace(/-/g, '') + sequence;
  return first17 + idCheckDigit(first17);
}

/** Shanghai wall-clock parts of an instant. */
function shanghai(ms: number): { date: string; local: string } {
  const iso = shanghaiWallClock(ms);
  return { date: iso.slice(0, 10), local: iso.slice(0, 16) };
}

export interface BirthCase {
  /** The form of the required items (the optional 生育医疗费用报销 is not chosen). */
  values: Record<string, string>;
  motherId: string;
  fatherId: string;
  babyId: string;
  /** What the clerk types in the datetime field (Shanghai), and the date of birth. */
  birthLocal: string;
  birthDate: string;
  today: string;
}

export function birthCase(nowMs: number): BirthCase {
  const born = shanghai(nowMs - 2 * 24 * 3600 * 1000);
  const today = shanghai(nowMs).date;
  const fatherId = idNumber(YINZHOU, '1991-03-07', '013');
  const motherId = idNumber(YINZHOU, '1993-04-15', '042');
  const babyId = idNumber(YINZHOU, born.date, '021');
  const values: Record<string, string> = {
    babyName: '王小宝',
    babySex: 'male',
    babyBirthTime: born.local,
    babyBirthPlace: '宁波市鄞州区妇幼保健院',
    birthHospital: 'yinzhou-hospital1',
    babyWeightGrams: '3260',
    fatherName: '王建国',
    fatherIdNumber: fatherId,
    fatherHouseholdDistrict: YINZHOU,
    motherName: '李丽华',
    motherIdNumber: motherId,
    motherHouseholdDistrict: YINZHOU,
    marriageStatus: 'married',
    registerWith: 'father',
    householdDistrict: YINZHOU,
    householdHeadName: '王建国',
    householdHeadRelation: 'son',
    householdAddress: '浙江省宁波市鄞州区首南街道天童南路100号',
    residenceDistrict: YINZHOU,
    residenceAddress: '浙江省宁波市鄞州区首南街道天童南路100号',
    applicantPhone: '13800138000',
    deliveryMethod: 'window',
  };
  return { values, motherId, fatherId, babyId, birthLocal: born.local, birthDate: born.date, today };
}

/** A plausible value for a field a department fills when it signs. */
export function outputValue(def: FieldDef, c: BirthCase): string {
  switch (def.type) {
    case 'idNumber':
      return /mother/i.test(def.key) ? c.motherId : /father/i.test(def.key) ? c.fatherId : c.babyId;
    case 'date':
      return c.today;
    case 'datetime':
      return c.birthLocal;
    case 'integer':
      return String(Math.max(def.min ?? 0, Math.min(def.max ?? 3260, 3260)));
    case 'amount':
      return '56,320.50';
    case 'select':
      return (def.options ?? [])[0]?.value ?? '';
    case 'address':
      return '浙江省宁波市鄞州区首南街道天童南路100号';
    default:
      if (/name/i.test(def.key)) return /mother/i.test(def.key) ? '李丽华' : /father/i.test(def.key) ? '王建国' : '王小宝';
      return ('NB' + Date.now().toString().slice(-8) + 'X').slice(0, def.maxLength ?? 20);
  }
}

/** The material types an item issues (catalog definitions). */
export function outputsOf(itemId: string): { id: string; fields: FieldDef[] }[] {
  const item = birthBundle.items.find((i) => i.id === itemId);
  return (item?.outputs ?? []).map((id) => birthBundle.materials.find((m) => m.id === id)!).map((m) => ({ id: m.id, fields: m.fields }));
}

export const INTAKE_MATERIALS = birthBundle.intakeMaterials.map((id) => birthBundle.materials.find((m) => m.id === id)!);

/** The demo login over HTTP (as the browser does it), for preconditions set up through the API. */
export async function apiLogin(base: string, staffId: string): Promise<string> {
  const list = (await (await fetch(`${base}/api/dev/staff`)).json()) as Array<{ id: string; accountId: string }>;
  const chosen = list.find((s) => s.id === staffId);
  if (!chosen) throw new Error(`${staffId} is not in the demo staff list`);
  const codeRes = await fetch(`${base}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: chosen.accountId }) });
  const { code } = (await codeRes.json()) as { code: string };
  const res = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code }) });
  if (!res.ok) throw new Error(`login ${staffId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Accepts the same application through the API (a precondition for tests that do not exercise intake). */
export async function acceptViaApi(base: string, clerkId: string, c: BirthCase): Promise<string> {
  const token = await apiLogin(base, clerkId);
  const values: Record<string, string | number> = { ...c.values, babyBirthTime: c.birthLocal + ':00+08:00', babyWeightGrams: Number(c.values.babyWeightGrams) };
  const supplied = INTAKE_MATERIALS.map((m) => ({ type: m.id, data: Object.fromEntries(m.fields.map((f) => [f.key, outputValue(f, c)])), attachments: [] }));
  const res = await fetch(`${base}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ bundleId: 'birth', values, chosenOptional: [], supplied, requestId: `browser-test-${Date.now()}` }),
  });
  const body = (await res.json()) as { case?: { id: string } };
  if (!res.ok || !body.case) throw new Error(`accept through the API: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.case.id;
}

/** One API call with a session token, through the mini-app origin. */
async function apiCall(base: string, token: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/**
 * Every item of an accepted birth case claimed and signed through the API, as the departments' mini-apps would (each
 * waits until its sub-task is ready), until the case completes; a precondition for tests of what follows completion.
 */
export async function signBirthCase(base: string, caseId: string, c: BirthCase, clerkId = 'yinzhou-serviceCenter-clerk1'): Promise<void> {
  const call = (token: string, method: string, p: string, body?: unknown) => apiCall(base, token, method, p, body);
  const clerk = await apiLogin(base, clerkId);
  const view = (await call(clerk, 'GET', `/api/cases/${caseId}`)).json.case as { subTasks: { itemId: string; department: string }[] };
  for (const itemId of ['birthCertificate', 'vaccinationCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication']) {
    const dep = view.subTasks.find((t) => t.itemId === itemId)?.department ?? '';
    const handler = await apiLogin(base, `${dep}-handler1`);
    const signer = await apiLogin(base, `${dep}-signer1`);
    const path = `/api/subtasks/${caseId}/${itemId}`;
    let st = (await call(handler, 'GET', path)).json.subTask as { state: string; version: number };
    for (let i = 0; i < 150 && st.state !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      st = (await call(handler, 'GET', path)).json.subTask as { state: string; version: number };
    }
    const claimed = await call(handler, 'POST', `${path}/actions`, { command: { type: 'claim' }, expectedVersion: st.version });
    if (claimed.status !== 200) throw new Error(`claim ${itemId}: ${claimed.status} ${JSON.stringify(claimed.json).slice(0, 300)}`);
    const detail = (await call(signer, 'GET', path)).json as { subTask: { version: number }; prefill?: Record<string, Record<string, unknown>> };
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const m of outputsOf(itemId)) {
      const data: Record<string, unknown> = {};
      for (const f of m.fields) data[f.key] = f.type === 'datetime' ? `${c.birthLocal}:00+08:00` : f.type === 'integer' ? 3260 : f.type === 'amount' ? 56320.5 : outputValue(f, c);
      outputs[m.id] = { ...data, ...(detail.prefill?.[m.id] ?? {}) };
    }
    const signed = await call(signer, 'POST', `${path}/actions`, { command: { type: 'signOff', sealId: `${dep}-seal`, outputs }, expectedVersion: detail.subTask.version });
    if (signed.status !== 200) throw new Error(`sign ${itemId}: ${signed.status} ${JSON.stringify(signed.json).slice(0, 300)}`);
  }
  for (let i = 0; i < 300; i++) {
    if ((await call(clerk, 'GET', `/api/cases/${caseId}`)).json.case.state === 'completed') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`birth case ${caseId} did not complete`);
}
