// Archive subjects per kind (core subject.ts, projectCode.ts): the numbers of a person, an enterprise and a
// project taken from an application, normalised per kind; keyed hashes separated per kind (store/pii.ts) so a
// code never finds an ID number; the project code's form checked by the pre-check; bundleValidation checking the
// field type each kind needs; 办件查询 parsing a credit or project code.
import { describe, expect, it } from 'vitest';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import { preconstructionBundle } from '../../functions/catalog/preconstructionBundle.js';
import type { Bundle } from '../../functions/core/bundle.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { acceptCase, listedSubject, subjectIds } from '../../functions/core/case.js';
import { parseCaseSearch, subjectNames } from '../../functions/core/caseSearch.js';
import { isDomainError } from '../../functions/core/errors.js';
import { precheck } from '../../functions/core/precheck.js';
import { normalizeProjectCode, projectCodeFieldProblems } from '../../functions/core/projectCode.js';
import { listedSubjectCode, subjectCodeProblems } from '../../functions/core/subject.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { acceptanceSupplied, acceptanceValues, BAD_CREDIT_CODE, CREDIT_CODE, PROJECT_CODE } from './enterpriseFixtures.js';
import { actor, birthBundle, birthValues, calendar, DECEASED_ID, deathBundle, deathValues, intakeMaterial, MOTHER_ID, NOW, seedDirectory } from './fixtures.js';

const cipher = new PiiCipher({ dataKey: Buffer.alloc(32, 3).toString('base64'), hashKey: 'subject-test-hash-key-0123456789abcdef' });
const TODAY = '2026-03-02';

describe('subjects per kind', () => {
  it('a person: the ID number from the form, upper case, masked for lists; no name kept', () => {
    const [deceased] = subjectIds(deathBundle, deathValues({ deceasedIdNumber: DECEASED_ID.toLowerCase() }), {});
    expect(deceased).toEqual({ role: 'deceased', label: '逝者', kind: 'person', code: DECEASED_ID });
    expect(listedSubject(deceased)).toEqual({ role: 'deceased', label: '逝者', maskedId: `${DECEASED_ID.slice(0, 4)}**********${DECEASED_ID.slice(-4)}` });
  });

  it('the enterprise bundles: the enterprise by credit code and the project by project code, each with its name; not the legal representative', () => {
    for (const bundle of [acceptanceBundle, preconstructionBundle]) {
      const ids = subjectIds(bundle, acceptanceValues({ enterpriseCreditCode: CREDIT_CODE.toLowerCase(), projectCode: ` ${PROJECT_CODE.replaceAll('-', '－')} ` }), {});
      expect(ids).toEqual([
        { role: 'enterprise', label: '建设单位', kind: 'enterprise', code: CREDIT_CODE, name: '宁波示例精密机械有限公司' },
        { role: 'project', label: '建设项目', kind: 'project', code: PROJECT_CODE, name: '年产20万套精密零部件厂房项目' },
      ]);
      // public registration data: listed as it is
      expect(ids.map(listedSubject).map((s) => s.maskedId)).toEqual([CREDIT_CODE, PROJECT_CODE]);
    }
  });

  it('an issued material can carry a subject number (the baby\'s ID number), as before', () => {
    const baby = subjectIds(birthBundle, birthValues(), { householdRegistrationRecord: { babyIdNumber: MOTHER_ID } });
    expect(baby[0]).toEqual({ role: 'baby', label: '新生儿', kind: 'person', code: MOTHER_ID });
  });

  it('the accepted case lists the enterprise and the project by name', () => {
    const r = acceptCase({
      caseId: '330212-20260302-0001', bundle: acceptanceBundle, values: acceptanceValues(), chosenOptional: [],
      supplied: acceptanceSupplied.map((m) => intakeMaterial(m.type, m.data)), actor: actor('yinzhou-serviceCenter-clerk1'), now: NOW, directory: seedDirectory, calendar,
    });
    if (isDomainError(r)) throw new Error(JSON.stringify(r.issues));
    expect(r.case.subjects.map((s) => [s.kind, s.name])).toEqual([['enterprise', '宁波示例精密机械有限公司'], ['project', '年产20万套精密零部件厂房项目']]);
  });
});

describe('keyed hashes, separated per kind', () => {
  it('one string hashed as a person, an enterprise and a project gives three unrelated keys; each kind normalises first', () => {
    const digits = '330212197504180535'; // 18 characters: could be typed as any kind
    const hashes = (['person', 'enterprise', 'project'] as const).map((k) => cipher.subjectHash(digits, k));
    expect(new Set(hashes).size).toBe(3);
    expect(cipher.subjectHash(digits)).toBe(hashes[0]); // a person by default: existing archive keys stay
    expect(cipher.subjectHash(CREDIT_CODE.toLowerCase(), 'enterprise')).toBe(cipher.subjectHash(CREDIT_CODE, 'enterprise'));
    expect(cipher.subjectHash(PROJECT_CODE.replaceAll('-', '—'), 'project')).toBe(cipher.subjectHash(PROJECT_CODE, 'project'));
    expect(cipher.subjectHash(CREDIT_CODE, 'enterprise')).not.toBe(cipher.nameHash(CREDIT_CODE));
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('项目代码', () => {
  it('accepts YYYY-XXXXXX-XX-XX-XXXXXX, full-width digits and dashes as plain ones', () => {
    expect(projectCodeFieldProblems(PROJECT_CODE)).toEqual([]);
    expect(normalizeProjectCode('２０２５－330212－34－03－012345')).toBe(PROJECT_CODE);
    expect(projectCodeFieldProblems('2025-330212-34-03-01234')[0]).toMatch(/^应为“年份-行政区划代码-行业代码-项目类型-流水号”/);
    expect(projectCodeFieldProblems('1925-330212-34-03-012345')).toEqual(['年份不正确，请核对']);
    expect(subjectCodeProblems('project', 'abc', TODAY)[0]).toMatch(/^项目代码应为/);
    expect(subjectCodeProblems('enterprise', BAD_CREDIT_CODE, TODAY)).toEqual(['统一社会信用代码校验位不正确，请核对']);
    expect(listedSubjectCode('person', MOTHER_ID)).not.toContain(MOTHER_ID.slice(6, 14));
  });

  it('the pre-check tells a malformed project code under its field, once', () => {
    const notice = precheck({
      bundle: acceptanceBundle, values: acceptanceValues({ projectCode: '2025-3302-34-03-012345' }), chosenOptional: [],
      providedMaterials: acceptanceBundle.intakeMaterials, acceptingDistrict: '330212', directory: seedDirectory, now: NOW,
    });
    expect(notice.issues.filter((i) => i.field === 'projectCode')).toEqual([
      { field: 'projectCode', code: 'PROJECT_CODE_INVALID', message: '【项目代码】应为“年份-行政区划代码-行业代码-项目类型-流水号”，如 2025-330212-34-03-012345' },
    ]);
  });
});

describe('bundle validation of subjects', () => {
  const codes = (b: Bundle) => {
    const r = validateBundle(b);
    return isDomainError(r) ? r.issues.filter((i) => i.code === 'BAD_SUBJECT').map((i) => `${i.field}: ${i.message}`) : [];
  };
  const withSubjects = (subjects: Bundle['subjects']): Bundle => ({ ...structuredClone(acceptanceBundle), subjects });

  it('the catalog bundles pass', () => {
    for (const b of [acceptanceBundle, preconstructionBundle, birthBundle, deathBundle]) expect(codes(b)).toEqual([]);
  });

  it('each kind needs its field type: an enterprise a creditCode field, a project a text field, a person an idNumber field', () => {
    expect(codes(withSubjects([{ role: 'e', label: '企业', kind: 'enterprise', source: 'form', idField: 'legalRepresentativeIdNumber' }]))).toEqual([
      'subjects.0: 档案主体 企业 的统一社会信用代码字段（creditCode）不存在或类型不符: form.legalRepresentativeIdNumber',
    ]);
    expect(codes(withSubjects([{ role: 'p', label: '个人', source: 'form', idField: 'enterpriseCreditCode' }]))).toHaveLength(1);
    expect(codes(withSubjects([{ role: 'p', label: '项目', kind: 'project', source: 'form', idField: 'enterpriseCreditCode' }]))).toHaveLength(1);
  });

  it('a name field must be a text field of an enterprise or a project, never a person\'s', () => {
    expect(codes(withSubjects([{ role: 'e', label: '企业', kind: 'enterprise', source: 'form', idField: 'enterpriseCreditCode', nameField: 'projectClass' }]))).toEqual([
      'subjects.0.nameField: 档案主体 企业 的名称字段不存在或不是文本: form.projectClass',
    ]);
    expect(codes(withSubjects([{ role: 'l', label: '法定代表人', source: 'form', idField: 'legalRepresentativeIdNumber', nameField: 'legalRepresentativeName' }]))[0]).toContain('不登记名称字段');
  });

  it('the schema refuses an unknown kind', () => {
    const r = validateBundle(withSubjects([{ role: 'x', label: 'X', kind: 'household' as 'person', source: 'form', idField: 'enterpriseCreditCode' }]));
    expect(isDomainError(r)).toBe(true);
  });
});

describe('办件查询 by code and by enterprise name', () => {
  it('the enterprise\'s and the project\'s names are searchable and listed as they are', () => {
    expect(subjectNames(acceptanceBundle, acceptanceValues())).toEqual([
      { role: 'enterprise', name: '宁波示例精密机械有限公司', shown: true },
      { role: 'project', name: '年产20万套精密零部件厂房项目', shown: true },
    ]);
  });

  it('a credit code or a project code, in its own field or the search box; one number at most; a wrong one in Chinese', () => {
    const parsed = (b: Record<string, unknown>) => {
      const q = parseCaseSearch(b, TODAY);
      return isDomainError(q) ? q.issues : q.subject;
    };
    expect(parsed({ creditCode: CREDIT_CODE.toLowerCase() })).toEqual({ kind: 'enterprise', code: CREDIT_CODE });
    expect(parsed({ projectCode: PROJECT_CODE })).toEqual({ kind: 'project', code: PROJECT_CODE });
    expect(parsed({ q: CREDIT_CODE })).toEqual({ kind: 'enterprise', code: CREDIT_CODE });
    expect(parsed({ q: PROJECT_CODE })).toEqual({ kind: 'project', code: PROJECT_CODE });
    expect(parsed({ creditCode: BAD_CREDIT_CODE })).toEqual([{ field: 'creditCode', code: 'FORMAT', message: '统一社会信用代码校验位不正确，请核对' }]);
    expect(parsed({ idNumber: MOTHER_ID, creditCode: CREDIT_CODE })).toEqual([{ field: 'creditCode', code: 'FORMAT', message: '公民身份号码、统一社会信用代码、项目代码只能按其中一项查询' }]);
    const byName = parseCaseSearch({ q: '宁波示例精密机械有限公司' }, TODAY);
    expect(isDomainError(byName) ? null : [byName.name, byName.subject]).toEqual(['宁波示例精密机械有限公司', null]);
  });
});
