/**
 * Directory administration (DESIGN: configuration, "Directory entries"): the directory as an admin or auditor may
 * read it; departments added and renamed (never deleted); staff added, edited, disabled (停用) and enabled. Who may is
 * policy.ts (authorizeConfig / authorizeConfigRead / selfLockout); every write expects the row's version (a lost race
 * or a stale `expectedVersion` is 409 CONFLICT, nothing changed); every change is recorded before → after in its
 * district's change chain (configLog.ts) and drops this instance's directory cache.
 */
import type { StaffActor } from '../core/actor.js';
import { canonicalJson } from '../core/canonical.js';
import type { Delegation, Department, DepartmentKind, Directory as CoreDirectory, District, Seal } from '../core/directory.js';
import { findDepartment } from '../core/directory.js';
import { domainError, type DomainError } from '../core/errors.js';
import { authorizeConfig, authorizeConfigRead, selfLockout } from '../core/policy.js';
import { Directory, DirectoryError, type StaffRecord, type StoredStaff } from '../store/directory.js';
import { DirectoryEntries, EntryConflictError, type DirectoryEntry } from '../store/directoryKinds.js';
import { StaffSessions } from '../store/sessions.js';
import { asJson, type ConfigLog } from './configLog.js';
import type { ServiceContext } from './context.js';
import type { AdminDepartment, AdminDirectory, AdminStaff, DirectoryAdminAccess, NewDepartment, StaffFields } from './directoryAdminTypes.js';
import { denyUnless } from './errors.js';

/** Staff listed at most (as the snapshot lists them). */
const MAX_STAFF = 5000;

const invalid = (field: string, message: string): DomainError => domainError('VALIDATION_FAILED', message, [{ field, code: 'INVALID', message }]);
const staffConflict = (): DomainError => domainError('CONFLICT', '该人员已被他人修改，请刷新后重试');

function adminStaff(s: StoredStaff): AdminStaff {
  return {
    id: s.id, name: s.name, district: s.districtCode, department: s.departmentCode, roles: [...s.roles],
    accounts: { ...s.accounts }, disabled: s.disabled ? { ...s.disabled } : null, rowVersion: s.version,
  };
}

const adminDepartment = (e: DirectoryEntry<Department>): AdminDepartment => ({ ...e.doc, rowVersion: e.version });
const withVersion = <T extends object>(e: DirectoryEntry<T>): T & { rowVersion: number } => ({ ...e.doc, rowVersion: e.version });

/** What a change record keeps of a staff member: the row's own fields (no ID or phone numbers: it holds none). */
const staffDoc = (s: StoredStaff | StaffRecord) => asJson({
  name: s.name, district: s.districtCode, department: s.departmentCode, roles: s.roles, accounts: s.accounts, disabled: s.disabled ?? null,
});

/** The store's staff refusals in Chinese (an account held by someone else names the platform). */
function staffError(err: unknown): unknown {
  if (!(err instanceof DirectoryError)) return err;
  switch (err.code) {
    case 'ACCOUNT_TAKEN':
      return domainError('CONFLICT', `${err.message.startsWith('dingtalk') ? '钉钉' : '浙政钉'}账号已被其他人员使用`, [
        { field: err.message.startsWith('dingtalk') ? 'accounts.dingtalk' : 'accounts.zzd', code: 'TAKEN', message: '该账号已被其他人员使用' },
      ]);
    case 'STAFF_EXISTS':
      return domainError('CONFLICT', '人员编号已被使用', [{ field: 'id', code: 'TAKEN', message: '人员编号已被使用' }]);
    case 'STAFF_NOT_FOUND':
      return domainError('NOT_FOUND', '未找到该人员');
    case 'VERSION_CONFLICT':
      return staffConflict();
    case 'INVALID_STAFF':
      return domainError('VALIDATION_FAILED', '人员信息不符合要求');
  }
}

export class DirectoryAdmin implements DirectoryAdminAccess {
  private readonly staff: Directory;
  private readonly entries: DirectoryEntries;
  private readonly sessions: StaffSessions;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {
    this.staff = new Directory(ctx.client);
    this.entries = new DirectoryEntries(ctx.client);
    this.sessions = new StaffSessions(ctx.client);
  }

  /** The directory as it is now (not the cached snapshot): an admin decides on what another instance just changed. */
  private async fresh(): Promise<CoreDirectory> {
    this.ctx.invalidate();
    return (await this.ctx.snapshot()).directory;
  }

  async overview(actor: StaffActor): Promise<AdminDirectory> {
    const dir = (await this.ctx.snapshot()).directory;
    denyUnless(authorizeConfigRead(actor, null, dir));
    const [cities, kinds, districts, departments, seals, delegations, staff] = await Promise.all([
      this.entries.list<{ code: string; name: string }>('city'),
      this.entries.list<DepartmentKind>('department-kind'),
      this.entries.list<District>('district'),
      this.entries.list<Department>('department'),
      this.entries.list<Seal>('seal'),
      this.entries.list<Delegation>('delegation'),
      this.staff.listStaff(MAX_STAFF),
    ]);
    const readable = (district: string | undefined) => district !== undefined && authorizeConfigRead(actor, district, dir) === null;
    const districtOf = new Map(departments.map((d) => [d.doc.id, d.doc.district]));
    const city = cities[0]?.doc ?? dir.city;
    return {
      city,
      configurable: [city.code, ...districts.map((d) => d.doc.code)].filter((code) => authorizeConfig(actor, 'staff', code, dir) === null),
      departmentKinds: kinds.map(withVersion),
      districts: districts.filter((d) => readable(d.doc.code)).map(withVersion),
      departments: departments.filter((d) => readable(d.doc.district)).map(adminDepartment),
      staff: staff.filter((s) => readable(s.districtCode)).map(adminStaff),
      seals: seals.filter((s) => readable(districtOf.get(s.doc.department))).map(withVersion),
      delegations: delegations
        .filter((d) => readable(districtOf.get(d.doc.fromDepartment)) || readable(districtOf.get(d.doc.toDepartment)))
        .map(withVersion),
    };
  }

  async addDepartment(actor: StaffActor, body: NewDepartment): Promise<AdminDepartment> {
    const dir = await this.fresh();
    denyUnless(authorizeConfig(actor, 'department', body.district, dir));
    if (!dir.districts.some((d) => d.code === body.district) && dir.city.code !== body.district) throw invalid('district', '所属区不存在');
    if (!dir.departmentKinds.some((k) => k.id === body.kind)) throw invalid('kind', '部门类别不存在');
    const doc: Department = { id: body.id, district: body.district, kind: body.kind, name: body.name.trim() };
    if ((await this.entries.save('department', doc.id, doc)) !== 'created') {
      throw domainError('CONFLICT', '部门编号已被使用', [{ field: 'id', code: 'TAKEN', message: '部门编号已被使用' }]);
    }
    await this.log.record(actor, doc.district, { kind: 'department', id: doc.id, action: 'create', before: null, after: asJson(doc) });
    this.ctx.invalidate();
    return { ...doc, rowVersion: 1 };
  }

  async renameDepartment(actor: StaffActor, id: string, name: string, expectedVersion: number): Promise<AdminDepartment> {
    const dir = await this.fresh();
    const current = await this.entries.get<Department>('department', id);
    if (!current) throw domainError('NOT_FOUND', '未找到该部门');
    denyUnless(authorizeConfig(actor, 'department', current.doc.district, dir));
    if (current.version !== expectedVersion) throw domainError('CONFLICT', '该部门已被他人修改，请刷新后重试');
    const doc: Department = { ...current.doc, name: name.trim() };
    let outcome;
    try {
      outcome = await this.entries.save('department', id, doc, { overwrite: true, known: current });
    } catch (err) {
      if (err instanceof EntryConflictError) throw domainError('CONFLICT', '该部门已被他人修改，请刷新后重试');
      throw err;
    }
    if (outcome === 'unchanged') return adminDepartment(current);
    await this.log.record(actor, doc.district, { kind: 'department', id, action: 'update', before: asJson(current.doc), after: asJson(doc) });
    this.ctx.invalidate();
    return { ...doc, rowVersion: current.version + 1 };
  }

  /** The department a staff member is put in: it exists, the admin configures its district. */
  private departmentFor(actor: StaffActor, id: string, dir: CoreDirectory): Department {
    const dep = findDepartment(dir, id);
    if (!dep) throw invalid('department', '所属部门不存在');
    denyUnless(authorizeConfig(actor, 'staff', dep.district, dir));
    return dep;
  }

  async addStaff(actor: StaffActor, body: StaffFields & { id: string; district: string }): Promise<AdminStaff> {
    const dir = await this.fresh();
    denyUnless(authorizeConfig(actor, 'staff', body.district, dir));
    const dep = this.departmentFor(actor, body.department, dir);
    if (dep.district !== body.district) throw invalid('department', '所属部门不在该区');
    const record: StaffRecord = { id: body.id, name: body.name.trim(), districtCode: dep.district, departmentCode: dep.id, roles: [...body.roles], accounts: { ...body.accounts } };
    const created = await this.staff.createStaff(record).catch((err: unknown) => {
      throw staffError(err);
    });
    await this.log.record(actor, created.districtCode, { kind: 'staff', id: created.id, action: 'create', before: null, after: staffDoc(created) });
    this.ctx.invalidate();
    return adminStaff(created);
  }

  async updateStaff(actor: StaffActor, id: string, body: StaffFields, expectedVersion: number): Promise<AdminStaff> {
    const dir = await this.fresh();
    const before = await this.staff.getStaff(id);
    if (!before) throw domainError('NOT_FOUND', '未找到该人员');
    denyUnless(authorizeConfig(actor, 'staff', before.districtCode, dir));
    const dep = this.departmentFor(actor, body.department, dir);
    denyUnless(selfLockout(actor, id, { roles: body.roles }));
    if (before.version !== expectedVersion) throw staffConflict();
    const record: StaffRecord = { id, name: body.name.trim(), districtCode: dep.district, departmentCode: dep.id, roles: [...body.roles], accounts: { ...body.accounts } };
    if (canonicalJson(staffDoc(record)) === canonicalJson(staffDoc({ ...before, disabled: undefined }))) return adminStaff(before); // nothing to change
    const after = await this.staff.updateStaff(record, expectedVersion).catch((err: unknown) => {
      throw staffError(err);
    });
    // A changed department, role or account ends the person's sessions (a name change does not).
    const access = (s: StoredStaff) => canonicalJson(asJson({ district: s.districtCode, department: s.departmentCode, roles: [...s.roles].sort(), accounts: s.accounts }));
    if (access(before) !== access(after)) await this.sessions.revoke(id);
    await this.log.record(actor, after.districtCode, { kind: 'staff', id, action: 'update', before: staffDoc(before), after: staffDoc(after) });
    this.ctx.invalidate();
    return adminStaff(after);
  }

  async setDisabled(actor: StaffActor, id: string, change: { disable: true; reason: string } | { disable: false }, expectedVersion?: number): Promise<AdminStaff> {
    const dir = await this.fresh();
    const before = await this.staff.getStaff(id);
    if (!before) throw domainError('NOT_FOUND', '未找到该人员');
    denyUnless(authorizeConfig(actor, 'staff', before.districtCode, dir));
    denyUnless(selfLockout(actor, id, { disable: change.disable }));
    if (expectedVersion !== undefined && before.version !== expectedVersion) throw staffConflict();
    if (change.disable === (before.disabled !== undefined)) throw domainError('CONFLICT', change.disable ? '该人员已停用' : '该人员未停用');
    const disabled = change.disable ? { reason: change.reason.trim(), by: actor.id, at: this.ctx.now() } : null;
    const after = await this.staff.setDisabled(id, disabled, before.version).catch((err: unknown) => {
      throw staffError(err);
    });
    // Sessions already end at the next request (the row's `disabled` cell); a new generation keeps them ended after 启用.
    if (change.disable) await this.sessions.revoke(id);
    await this.log.record(actor, after.districtCode, {
      kind: 'staff', id, action: change.disable ? 'disable' : 'enable', before: staffDoc(before), after: staffDoc(after),
    });
    this.ctx.invalidate();
    return adminStaff(after);
  }
}
