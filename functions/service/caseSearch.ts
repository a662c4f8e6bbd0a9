/**
 * 办件查询 (DESIGN: storage, "No scans on request paths"): the window's and the supervisor's list of their
 * district's cases, from `caseIndex` (store/caseIndex.ts) and, for an ID number, a 统一社会信用代码 or a 项目代码,
 * the `archive` table.
 *   case number  → the index row by key (the number's day, and the next day for an acceptance replayed
 *                  across midnight): one BatchGetRow
 *   name         → one range of the name's pointer rows (keyed hash of the normalised name), then their case
 *                  rows by key
 *   ID number, credit code, project code
 *                → the archive's range of that subject (keyed hash of the number, per kind), then the case rows of
 *                  the actor's district by key (other districts' cases have no row under this key)
 *   else         → one BACKWARD range of the district's case rows (date bounds in the key; a state is a
 *                  filter on that range)
 * Who may search which district is policy.ts `caseSearchScope`; a result opens through getCase (authorizeCase).
 * The number is hashed at once and never logged or stored.
 */
import type { StaffActor } from '../core/actor.js';
import { caseStateLabels, type CaseState } from '../core/case.js';
import { caseNumberDay, normalizeName, parseCaseSearch, type CaseSearchQuery } from '../core/caseSearch.js';
import { findDepartment } from '../core/directory.js';
import { isDomainError } from '../core/errors.js';
import { caseSearchScope } from '../core/policy.js';
import { addDays, intToDate, shanghaiDate } from '../core/time.js';
import { caseIndexKey, type CaseIndexRow } from '../store/caseIndex.js';
import type { ServiceContext } from './context.js';
import type { CaseList } from './types.js';

const nextDay = (day: string): string => addDays(intToDate(Number(day)), 1).replaceAll('-', '');

export class CaseSearch {
  constructor(private readonly ctx: ServiceContext) {}

  async search(actor: StaffActor, body: unknown): Promise<CaseList> {
    const snap = await this.ctx.snapshot();
    const scope = caseSearchScope(actor, snap.directory);
    if (isDomainError(scope)) throw scope;
    const q = parseCaseSearch(body, shanghaiDate(this.ctx.now()));
    if (isDomainError(q)) throw q;
    const district = scope.acceptingDistrict;
    const { rows, next } = await this.find(district, q);
    return {
      cases: rows.map((r) => ({
        caseId: r.caseId,
        bundleName: r.bundleName,
        state: r.state,
        stateLabel: caseStateLabels[r.state as CaseState] ?? r.state,
        acceptedAt: r.acceptedAt,
        names: r.maskedNames,
        // 受理点 by name (the hall's cases too: the list tells the windows apart)
        servicePoint: r.servicePoint ? findDepartment(snap.directory, r.servicePoint)?.name ?? r.servicePoint : null,
      })),
      next,
    };
  }

  private keep(q: CaseSearchQuery, nameHash: string | null) {
    return (r: CaseIndexRow): boolean => {
      const day = r.key.slice(0, 8);
      if (q.from !== null && day < q.from) return false;
      if (q.to !== null && day > q.to) return false;
      if (q.state !== null && r.state !== q.state) return false;
      return nameHash === null || r.nameHashes.includes(nameHash);
    };
  }

  private async find(district: string, q: CaseSearchQuery): Promise<{ rows: CaseIndexRow[]; next: string | null }> {
    const index = this.ctx.caseIndex;
    const nameHash = q.name !== null ? this.ctx.cipher.nameHash(normalizeName(q.name)) : null;
    if (q.caseId !== null) {
      const day = caseNumberDay(q.caseId) ?? '';
      const rows = await index.get(district, [caseIndexKey(day, q.caseId), caseIndexKey(nextDay(day), q.caseId)]);
      return { rows: rows.filter(this.keep(q, null)).slice(0, 1), next: null };
    }
    if (q.subject !== null) {
      const subject = this.ctx.cipher.subjectHash(q.subject.code, q.subject.kind);
      const keys = [...new Set((await this.ctx.archive.list(subject)).map((e) => caseIndexKey(shanghaiDate(e.acceptedAt).replaceAll('-', ''), e.caseId)))]
        .filter((k) => (q.cursor === null || k <= q.cursor) && (q.to === null || k.slice(0, 8) <= q.to) && (q.from === null || k.slice(0, 8) >= q.from))
        .sort()
        .reverse();
      const found: CaseIndexRow[] = [];
      let i = 0;
      // The person's cases of every district are candidates; only this district's have rows here.
      for (; i < keys.length && found.length < q.limit; i += 100) {
        found.push(...(await index.get(district, keys.slice(i, i + 100))).filter(this.keep(q, nameHash)));
      }
      const rows = found.slice(0, q.limit);
      const last = rows[rows.length - 1];
      const rest = last ? keys.filter((k) => k < last.key) : [];
      return { rows, next: rows.length === q.limit && rest.length ? rest[0] : null };
    }
    if (nameHash !== null) {
      const page = await index.keysByName(district, nameHash, { from: q.from, to: q.to, cursor: q.cursor, limit: q.limit });
      const rows = (await index.get(district, page.rows)).filter(this.keep(q, null));
      return { rows, next: page.next };
    }
    return index.byDistrict(district, { from: q.from, to: q.to, state: q.state, cursor: q.cursor, limit: q.limit });
  }
}
