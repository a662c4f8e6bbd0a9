/**
 * Bundle versions (core bundleVersion.ts): legacy rows read as published, the lifecycle decisions and their
 * refusals, currentVersion, the district-scope routing rule — and a property test: any sequence of operations
 * leaves at most one draft, never changes a published or retired document's bundle, numbers versions 1, 2, 3 …
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BundleVersionDoc,
  copyVersion,
  createBundle,
  currentVersion,
  discardDraft,
  importBundle,
  nextVersion,
  publishDraft,
  readVersionDoc,
  retireVersion,
  saveDraft,
  scopeIssues,
  seedVersionDoc,
  type StaffRef,
  type VersionEntry,
} from '../../functions/core/bundleVersion.js';
import { isDomainError } from '../../functions/core/errors.js';
import { birthBundle, NOW } from './fixtures.js';

const ADMIN: StaffRef = { id: 'yinzhou-serviceCenter-admin1', name: '管理员' };
const TODAY = '2026-03-02';
const published = (version: number, validFrom: string | null, state: BundleVersionDoc['state'] = 'published'): VersionEntry => ({
  version,
  doc: { ...seedVersionDoc({ ...birthBundle, version }, NOW), state, validFrom },
});

describe('reading stored rows', () => {
  it('a bare Bundle (written before versions) is published from the beginning, scope null', () => {
    const doc = readVersionDoc(JSON.parse(JSON.stringify(birthBundle)));
    expect(doc).toMatchObject({ state: 'published', scope: null, validFrom: null, copiedFrom: null, createdBy: null });
    expect(doc.bundle.id).toBe('birth');
  });

  it('a version document reads as itself', () => {
    const doc = seedVersionDoc(birthBundle, NOW);
    expect(readVersionDoc(JSON.parse(JSON.stringify(doc)))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe('lifecycle decisions', () => {
  it('a new bundle is draft 1; the id taken is CONFLICT', () => {
    const created = createBundle([], { id: 'testEvent', name: '测试', leadDepartment: 'police', scope: '330212' }, ADMIN, NOW);
    expect(created).toMatchObject({ version: 1, doc: { state: 'draft', scope: '330212', bundle: { id: 'testEvent', version: 1, items: [] } } });
    const again = createBundle([published(1, null)], { id: 'birth', name: '出生', leadDepartment: 'police', scope: null }, ADMIN, NOW);
    expect(isDomainError(again) && again.code).toBe('CONFLICT');
  });

  it('only a draft is saved, published, discarded; its id and version are the row’s', () => {
    const draft = createBundle([], { id: 'x', name: '测试', leadDepartment: 'police', scope: null }, ADMIN, NOW) as VersionEntry;
    const saved = saveDraft(draft, { id: 'other', version: 9, name: '改名' }, 'x', ADMIN, NOW);
    expect(saved).toMatchObject({ bundle: { id: 'x', version: 1, name: '改名' }, state: 'draft' });
    for (const entry of [published(1, null), published(1, null, 'retired')]) {
      const r = saveDraft(entry, {}, 'birth', ADMIN, NOW);
      expect(isDomainError(r) && r.code).toBe('INVALID_TRANSITION');
      expect(isDomainError(r) && r.message).toMatch(/复制为新草稿/);
      expect(discardDraft(entry)?.code).toBe('INVALID_TRANSITION');
      expect((publishDraft(entry, { validFrom: TODAY, today: TODAY, issues: [], actor: ADMIN, now: NOW }) as { code: string }).code).toBe('INVALID_TRANSITION');
    }
    expect(discardDraft(draft)).toBeNull();
  });

  it('publish: refused with the issues while any remains, and before today; else published valid from the date', () => {
    const draft = createBundle([], { id: 'x', name: '测试', leadDepartment: 'police', scope: null }, ADMIN, NOW) as VersionEntry;
    const issue = { field: 'items', code: 'MIN_ITEMS', message: '至少一个事项' };
    const refused = publishDraft(draft, { validFrom: TODAY, today: TODAY, issues: [issue], actor: ADMIN, now: NOW });
    expect(isDomainError(refused) && refused.code).toBe('BUNDLE_INVALID');
    expect(isDomainError(refused) && refused.issues).toEqual([issue]);
    const early = publishDraft(draft, { validFrom: '2026-03-01', today: TODAY, issues: [], actor: ADMIN, now: NOW });
    expect(isDomainError(early) && early.issues[0].code).toBe('PAST_DATE');
    const ok = publishDraft(draft, { validFrom: '2026-04-01', today: TODAY, issues: [], actor: ADMIN, now: NOW });
    expect(ok).toMatchObject({ state: 'published', validFrom: '2026-04-01', publishedBy: ADMIN, publishedAt: NOW });
  });

  it('retire only a published version; copy only a published or retired one, into the one draft', () => {
    expect(retireVersion(published(1, null), '停用', ADMIN, NOW)).toMatchObject({ state: 'retired', retireReason: '停用', retiredBy: ADMIN });
    expect((retireVersion(published(1, null, 'retired'), '再停', ADMIN, NOW) as { code: string }).code).toBe('INVALID_TRANSITION');
    const versions = [published(1, null), published(2, null, 'retired')];
    const copy = copyVersion(versions, 2, ADMIN, NOW);
    expect(copy).toMatchObject({ version: 3, doc: { state: 'draft', copiedFrom: 2, bundle: { id: 'birth', version: 3 } } });
    const second = copyVersion([...versions, copy as VersionEntry], 1, ADMIN, NOW);
    expect(isDomainError(second) && second.code).toBe('CONFLICT');
    expect(isDomainError(second) && second.message).toContain('第3版');
    expect((copyVersion(versions, 7, ADMIN, NOW) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('import: the next version of an existing bundle of the same scope, or refused', () => {
    expect(importBundle([published(1, null)], { name: '导入' }, 'birth', null, ADMIN, NOW)).toMatchObject({ version: 2, doc: { state: 'draft', bundle: { id: 'birth', version: 2 } } });
    expect((importBundle([published(1, null)], {}, 'birth', '330212', ADMIN, NOW) as { code: string }).code).toBe('VALIDATION_FAILED');
  });
});

describe('currentVersion', () => {
  it('the highest version valid today when it is published: a retired one takes the bundle out, an earlier one does not come back', () => {
    expect(currentVersion([published(1, null), published(2, TODAY)], TODAY)?.version).toBe(2);
    expect(currentVersion([published(1, null), published(2, '2026-03-03')], TODAY)?.version).toBe(1);
    expect(currentVersion([published(1, null), published(2, TODAY, 'retired')], TODAY)).toBeUndefined();
    expect(currentVersion([published(1, null), published(2, '2026-03-03', 'retired')], TODAY)?.version).toBe(1);
    expect(currentVersion([published(1, null, 'retired'), published(2, TODAY)], TODAY)?.version).toBe(2);
    expect(currentVersion([published(1, null, 'retired')], TODAY)).toBeUndefined();
    expect(currentVersion([{ ...published(1, null), doc: { ...published(1, null).doc, state: 'draft' } }], TODAY)).toBeUndefined();
    expect(nextVersion([published(1, null), published(4, null)])).toBe(5);
  });
});

describe('the scope rule', () => {
  it('a district bundle may not route to another district (fixed elsewhere, or by a district field), naming the item', () => {
    const bundle = JSON.parse(JSON.stringify(birthBundle)) as Record<string, unknown>;
    const issues = scopeIssues(bundle, '330212');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'OUT_OF_SCOPE' && /事项「.+」会分派到其他区：跨区一件事须由市级管理员配置/.test(i.message))).toBe(true);
    expect(scopeIssues(bundle, null)).toEqual([]);
    const fixedHome = { items: [{ id: 'a', name: '甲', routing: { by: 'fixed', district: '330212' } }, { id: 'b', name: '乙', routing: { by: 'accepting' } }] };
    expect(scopeIssues(fixedHome, '330212')).toEqual([]);
    expect(scopeIssues({ items: [{ id: 'a', name: '甲', routing: { by: 'fixed', district: '330203' } }] }, '330212')[0]).toMatchObject({ field: 'items.0.routing' });
    expect(scopeIssues({ items: 'not a list' }, '330212')).toEqual([]);
  });
});

type Op =
  | { kind: 'create' }
  | { kind: 'save'; pick: number }
  | { kind: 'publish'; pick: number; later: boolean }
  | { kind: 'retire'; pick: number }
  | { kind: 'copy'; pick: number }
  | { kind: 'discard'; pick: number }
  | { kind: 'import' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'create' }),
  fc.nat(9).map((pick): Op => ({ kind: 'save', pick })),
  fc.record({ pick: fc.nat(9), later: fc.boolean() }).map((r): Op => ({ kind: 'publish', ...r })),
  fc.nat(9).map((pick): Op => ({ kind: 'retire', pick })),
  fc.nat(9).map((pick): Op => ({ kind: 'copy', pick })),
  fc.nat(9).map((pick): Op => ({ kind: 'discard', pick })),
  fc.constant<Op>({ kind: 'import' }),
);

describe('property: any sequence of operations', () => {
  it('leaves at most one draft, never changes a published or retired bundle, numbers versions in order, and keeps current published', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let versions: VersionEntry[] = [];
        const frozen = new Map<number, string>();
        const at = (pick: number) => versions[pick % Math.max(1, versions.length)];
        for (const [n, op] of ops.entries()) {
          const now = `2026-03-02T02:${String(n % 60).padStart(2, '0')}:00.000Z`;
          let next: VersionEntry[] = versions;
          const entry = at('pick' in op ? op.pick : 0);
          switch (op.kind) {
            case 'create': {
              const r = createBundle(versions, { id: 'p', name: '性质', leadDepartment: 'police', scope: null }, ADMIN, now);
              if (!isDomainError(r)) next = [...versions, r];
              else expect(versions.length).toBeGreaterThan(0);
              break;
            }
            case 'import': {
              const r = importBundle(versions, { name: `导入${n}` }, 'p', null, ADMIN, now);
              if (!isDomainError(r)) next = [...versions, r];
              break;
            }
            case 'save': {
              if (!entry) break;
              const r = saveDraft(entry, { name: `改${n}` }, 'p', ADMIN, now);
              if (!isDomainError(r)) next = versions.map((v) => (v.version === entry.version ? { version: v.version, doc: r } : v));
              else expect(entry.doc.state).not.toBe('draft');
              break;
            }
            case 'publish': {
              if (!entry) break;
              const r = publishDraft(entry, { validFrom: op.later ? '2026-03-09' : TODAY, today: TODAY, issues: [], actor: ADMIN, now });
              if (!isDomainError(r)) next = versions.map((v) => (v.version === entry.version ? { version: v.version, doc: r } : v));
              break;
            }
            case 'retire': {
              if (!entry) break;
              const r = retireVersion(entry, '停用', ADMIN, now);
              if (!isDomainError(r)) next = versions.map((v) => (v.version === entry.version ? { version: v.version, doc: r } : v));
              break;
            }
            case 'copy': {
              if (!entry) break;
              const r = copyVersion(versions, entry.version, ADMIN, now);
              if (!isDomainError(r)) next = [...versions, r];
              break;
            }
            case 'discard': {
              if (!entry) break;
              if (discardDraft(entry) === null) next = versions.filter((v) => v.version !== entry.version);
              break;
            }
          }
          versions = next;
          expect(versions.filter((v) => v.doc.state === 'draft').length).toBeLessThanOrEqual(1);
          for (const v of versions) {
            expect(v.doc.bundle.version).toBe(v.version);
            const text = JSON.stringify(v.doc.bundle);
            if (v.doc.state !== 'draft') {
              if (frozen.has(v.version)) expect(text).toBe(frozen.get(v.version));
              else frozen.set(v.version, text);
            }
          }
          // a version number is never reused once it was published
          const numbers = versions.map((v) => v.version);
          expect(new Set(numbers).size).toBe(numbers.length);
          for (const num of frozen.keys()) expect(numbers).toContain(num);
          const cur = currentVersion(versions, TODAY);
          if (cur) expect(cur.doc.state).toBe('published');
        }
      }),
      { numRuns: 300 },
    );
  });
});
