// Drives birth cases (出生一件事) through the service layer as the seeded staff would: a 海曙 window clerk
// accepts, each department's handler claims and its signer signs off with the department's approval seal.
import type { StaffActor } from '../../../functions/core/actor';
import { findStaff } from '../../../functions/core/directory';
import type { SubTaskCommand } from '../../../functions/core/subtask';
import type { Services } from '../../../functions/service/index';
import { birthValues, outputsFor, seedDirectory, birthBundle, NOW } from '../../core/fixtures';

export { NOW };
export const CLERK = 'haishu-serviceCenter-clerk1';

export function staffActor(id: string): StaffActor {
  const s = findStaff(seedDirectory, id);
  if (!s) throw new Error(`no staff ${id}`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

export const BIRTH_SUPPLIED = [
  { type: 'marriageCertificate', data: { certificateNumber: '甬鄞结字第2019001234号', registeredOn: '2019-10-01' }, attachments: [] },
  { type: 'householdBook', data: { householdNumber: '330212012345', householdHeadName: '王建华', address: '浙江省宁波市鄞州区首南街道日丽中路1号' }, attachments: [] },
];

export async function acceptBirth(services: Services, requestId: string): Promise<string> {
  const r = await services.acceptCase(staffActor(CLERK), { bundleId: 'birth', values: birthValues(), supplied: BIRTH_SUPPLIED, requestId });
  return r.case.id;
}

/** The department that owns a sub-task of the case (as the service reports it to the clerk). */
export async function departmentOf(services: Services, caseId: string, itemId: string): Promise<string> {
  const { case: view } = await services.getCase(staffActor(CLERK), caseId);
  const st = view.subTasks.find((s) => s.itemId === itemId);
  if (!st) throw new Error(`case ${caseId} has no sub-task ${itemId}`);
  return st.department;
}

export async function act(services: Services, staffId: string, caseId: string, itemId: string, command: SubTaskCommand): Promise<void> {
  const who = staffActor(staffId);
  const { subTask } = await services.subTask(who, caseId, itemId);
  await services.act(who, caseId, itemId, command, subTask.version);
}

export async function claim(services: Services, caseId: string, itemId: string): Promise<string> {
  const dep = await departmentOf(services, caseId, itemId);
  await act(services, `${dep}-handler1`, caseId, itemId, { type: 'claim' });
  return dep;
}

/** Signs off (and countersigns where the item asks) with the department's approval seal and sample outputs. */
export async function signOff(services: Services, caseId: string, itemId: string): Promise<void> {
  const dep = await departmentOf(services, caseId, itemId);
  const sealId = `${dep}-seal`;
  await act(services, `${dep}-signer1`, caseId, itemId, { type: 'signOff', sealId, outputs: outputsFor(birthBundle, itemId) });
  if (birthBundle.items.find((i) => i.id === itemId)?.countersign) {
    await act(services, `${dep}-signer2`, caseId, itemId, { type: 'countersign', sealId });
  }
}
