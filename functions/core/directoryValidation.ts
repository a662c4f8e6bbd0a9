/**
 * Directory validation: schemas/directory.schema.json plus references — every department in a
 * configured district (or the city), staff in their department's district, seals and delegations
 * pointing at existing departments and seals, unique ids and unique 浙政钉/DingTalk accounts.
 */
import directorySchema from '../../schemas/directory.schema.json' with { type: 'json' };
import type { Directory } from './directory.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import { schemaIssues, schemaValidator } from './jsonSchema.js';

function dupes(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function referenceIssues(dir: Directory): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, code: string, message: string) => issues.push({ field, code, message });
  for (const [name, ids] of [
    ['districts', dir.districts.map((d) => d.code)],
    ['districts', dir.districts.map((d) => d.id)],
    ['departments', dir.departments.map((d) => d.id)],
    ['staff', dir.staff.map((s) => s.id)],
    ['staff', dir.staff.map((s) => s.zzdAccountId)],
    ['staff', dir.staff.map((s) => s.dingtalkUserId)],
    ['seals', dir.seals.map((s) => s.id)],
    ['delegations', dir.delegations.map((d) => d.id)],
  ] as const) {
    for (const d of dupes(ids)) add(name, 'DUPLICATE_ID', `重复的标识: ${d}`);
  }
  const districtCodes = new Set([dir.city.code, ...dir.districts.map((d) => d.code)]);
  const kinds = new Set(dir.departmentKinds.map((k) => k.id));
  const departments = new Map(dir.departments.map((d) => [d.id, d]));
  dir.departments.forEach((d, i) => {
    if (!districtCodes.has(d.district)) add(`departments.${i}.district`, 'UNKNOWN_DISTRICT', `部门「${d.name}」所在区不存在: ${d.district}`);
    if (!kinds.has(d.kind)) add(`departments.${i}.kind`, 'UNKNOWN_DEPARTMENT_KIND', `部门「${d.name}」的类型不存在: ${d.kind}`);
  });
  dir.staff.forEach((s, i) => {
    const dep = departments.get(s.department);
    if (!dep) add(`staff.${i}.department`, 'UNKNOWN_DEPARTMENT', `人员 ${s.id} 的部门不存在`);
    else if (dep.district !== s.district) add(`staff.${i}.district`, 'DISTRICT_MISMATCH', `人员 ${s.id} 的区与部门不符`);
  });
  const seals = new Map(dir.seals.map((s) => [s.id, s]));
  dir.seals.forEach((s, i) => {
    if (!departments.has(s.department)) add(`seals.${i}.department`, 'UNKNOWN_DEPARTMENT', `印章 ${s.id} 的部门不存在`);
  });
  dir.delegations.forEach((d, i) => {
    if (!departments.has(d.fromDepartment) || !departments.has(d.toDepartment)) add(`delegations.${i}`, 'UNKNOWN_DEPARTMENT', `授权 ${d.id} 的部门不存在`);
    const seal = seals.get(d.sealId);
    if (!seal) add(`delegations.${i}.sealId`, 'UNKNOWN_SEAL', `授权 ${d.id} 的印章不存在`);
    else if (seal.kind !== 'delegated' || seal.department !== d.toDepartment) {
      add(`delegations.${i}.sealId`, 'BAD_SEAL', `授权 ${d.id} 须使用被授权部门的集中授权章`);
    }
  });
  return issues;
}

export function validateDirectory(candidate: unknown): Directory | DomainError {
  const v = schemaValidator(directorySchema.$id);
  if (!v(candidate)) return domainError('VALIDATION_FAILED', '目录配置有误', schemaIssues(v.errors));
  const dir = candidate as unknown as Directory; // shape checked by the schema just above
  const issues = referenceIssues(dir);
  return issues.length > 0 ? domainError('VALIDATION_FAILED', '目录配置有误', issues) : dir;
}
