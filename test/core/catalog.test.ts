import { describe, expect, it } from 'vitest';
import { findMaterialType, itemRef } from '../../functions/core/bundle.js';
import { validateDirectory } from '../../functions/core/directoryValidation.js';
import { isDomainError } from '../../functions/core/errors.js';
import { parseIntake, suppliedMaterials } from '../../functions/core/intake.js';
import { bundles, calendarOverlaySeed, CITY, findCatalogBundle } from '../../functions/catalog/index.js';
import { birthValues, NOW, seedDirectory } from './fixtures.js';

describe('seed directory', () => {
  it('validates against the directory schema and its references', () => {
    expect(validateDirectory(seedDirectory)).toBe(seedDirectory);
  });

  it('has the five Ningbo districts with their real codes', () => {
    expect(CITY).toEqual({ code: '330200', name: '宁波市' });
    expect(Object.fromEntries(seedDirectory.districts.map((d) => [d.id, d.code]))).toEqual({
      yinzhou: '330212', haishu: '330203', jiangbei: '330205', beilun: '330206', zhenhai: '330211',
    });
    const death = seedDirectory.districts.filter((d) => d.bundles.includes('death')).map((d) => d.id);
    expect(death).toEqual(['yinzhou', 'haishu', 'jiangbei']);
    expect(seedDirectory.districts.every((d) => d.bundles.includes('birth'))).toBe(true);
  });

  it('every district has every department kind the bundles need, and a 审管办 with window roles', () => {
    const needed = ['health', 'hospital', 'police', 'hrss', 'medicalInsurance', 'cdc', 'civilAffairs', 'housingFund', 'serviceCenter'];
    for (const d of seedDirectory.districts) {
      const kinds = new Set(seedDirectory.departments.filter((x) => x.district === d.code).map((x) => x.kind));
      for (const k of needed) expect(kinds.has(k)).toBe(true);
      const window = seedDirectory.staff.filter((s) => s.department === `${d.id}-serviceCenter`).flatMap((s) => s.roles);
      for (const r of ['clerk', 'supervisor', 'admin', 'auditor', 'signer'] as const) expect(window).toContain(r);
    }
  });

  it('every item of every bundle is signable in every district by an approval seal, with two distinct signers available', () => {
    const signs = (dep: string, ref: string) => seedDirectory.seals.some((s) => s.department === dep && s.kind === 'approval' && s.scope.includes(ref));
    for (const b of bundles) {
      for (const item of b.items) {
        const ref = itemRef(b.id, item.id);
        for (const d of seedDirectory.districts) {
          const all = seedDirectory.departments.filter((x) => x.district === d.code && x.kind === item.department);
          // Town centres sign their own 赋权事项 only (首南 is not empowered for 就业困难人员认定): one of the district's must.
          const deps = all.filter((x) => !x.servicePoint || signs(x.id, ref));
          if (all.some((x) => x.servicePoint)) expect(deps.length, `${d.name} ${ref}`).toBeGreaterThan(0);
          for (const dep of deps) {
            expect(signs(dep.id, ref), `${dep.id} ${ref}`).toBe(true);
            expect(seedDirectory.staff.filter((s) => s.department === dep.id && s.roles.includes('signer')).length).toBeGreaterThanOrEqual(2);
            expect(seedDirectory.staff.some((s) => s.department === dep.id && s.roles.includes('handler'))).toBe(true);
          }
        }
      }
    }
  });

  it('delegations name real items of the catalog', () => {
    const refs = new Set(bundles.flatMap((b) => b.items.map((i) => itemRef(b.id, i.id))));
    for (const d of seedDirectory.delegations) for (const i of d.items) expect(refs.has(i)).toBe(true);
    for (const s of seedDirectory.seals) for (const i of s.scope) expect(refs.has(i)).toBe(true);
  });

  it('staff carry unique 浙政钉 and DingTalk ids for the gateway fakes', () => {
    expect(new Set(seedDirectory.staff.map((s) => s.zzdAccountId)).size).toBe(seedDirectory.staff.length);
    expect(new Set(seedDirectory.staff.map((s) => s.dingtalkUserId)).size).toBe(seedDirectory.staff.length);
  });

  it('reports a broken directory', () => {
    const broken = structuredClone(seedDirectory);
    broken.staff[3].department = 'nowhere';
    broken.delegations[0].sealId = 'haishu-police-seal';
    broken.departments.push({ ...broken.departments[1] });
    const r = validateDirectory(broken);
    expect(isDomainError(r) && r.issues.map((i) => i.code).sort()).toEqual(['BAD_SEAL', 'DUPLICATE_ID', 'UNKNOWN_DEPARTMENT']);
    const schema = validateDirectory({ ...seedDirectory, districts: [{ code: '3302', id: 'x', name: 'x', bundles: [] }] });
    expect(isDomainError(schema) && schema.issues[0]).toEqual({ field: 'districts.0.code', code: 'PATTERN', message: '格式不正确' });
  });
});

describe('catalog bundles', () => {
  it('declare mailed outputs (户口簿, 社保卡) with delivery', () => {
    const birth = findCatalogBundle('birth', 1);
    if (!birth) throw new Error('birth');
    expect(findMaterialType(birth, 'householdRegistrationRecord')?.delivery).toBe('mail');
    expect(findMaterialType(birth, 'socialSecurityCard')?.delivery).toBe('mail');
    expect(findMaterialType(birth, 'vaccinationRecord')?.delivery).toBeUndefined();
    expect(findCatalogBundle('birth', 2)).toBeUndefined();
  });

  it('uses ASCII keys and Chinese labels, and marks sensitive fields', () => {
    for (const b of bundles) {
      for (const f of [...b.fields, ...b.materials.flatMap((m) => m.fields)]) {
        expect(f.key).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
        expect(f.label).toMatch(/[\u4e00-\u9fa5]/);
        if (f.type === 'idNumber') expect(f.sensitivity).toBe('idNumber');
        if (f.type === 'bankAccount') expect(f.sensitivity).toBe('financial');
      }
    }
  });

  it('time limits, warnings and countersigns are declared', () => {
    const death = findCatalogBundle('death');
    expect(death?.items.filter((i) => i.countersign).map((i) => i.id)).toEqual(['pensionSettlement', 'medicalAccountSettlement', 'housingFundWithdrawal']);
    for (const b of bundles) for (const i of b.items) expect(i.warnRemainingDays).toBeLessThan(i.timeLimitDays);
    expect(calendarOverlaySeed.holidays).toEqual([]);
  });
});

describe('intake submission', () => {
  it('parses a valid body and refuses a malformed one', () => {
    const body = {
      bundleId: 'birth', chosenOptional: [], values: birthValues(),
      supplied: [{ type: 'householdBook', data: { householdNumber: '1' }, attachments: [{ sha256: 'b'.repeat(64), name: 'hk.pdf', size: 10, mime: 'application/pdf' }] }],
    };
    const ok = parseIntake(body);
    if (isDomainError(ok)) throw ok;
    expect(suppliedMaterials(ok, NOW)[0]).toMatchObject({ type: 'householdBook', producedBy: 'intake', issuedAt: NOW });
    const bad = parseIntake({ bundleId: 'birth', values: { 'bad key': 1, nested: { a: 1 } } });
    expect(isDomainError(bad) && bad.code).toBe('VALIDATION_FAILED');
    expect(isDomainError(bad) && bad.issues.length).toBeGreaterThanOrEqual(2);
  });
});
