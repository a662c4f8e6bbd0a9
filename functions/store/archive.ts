// The `archive` table: the per-subject archive index (电子档案) of persons, enterprises and projects. PK `subject`
// (keyed hash of the ID number, 统一社会信用代码 or 项目代码, prefixed per kind — see pii.ts; never the number
// itself), `case` (case id). One row per subject per case (parents, baby, deceased, applicant, the enterprise, the
// project…), put idempotently by an effect. Reading a subject's archive is one range read.
//   role · label (中文) · masked (masked ID number; a credit or project code as it is: public registration data) ·
//   b bundle id · bn bundle name · at accepted at · k kind (absent: person) · nm the enterprise's or project's name
import type { SubjectKind } from '../core/bundle.js';
import { TableStore, attributesOf, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { columns, pkValues, str } from './rowOps.js';

const ARCHIVE_TABLE_NAME = 'archive';

export const ARCHIVE_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: ARCHIVE_TABLE_NAME,
    primaryKey: [
      { name: 'subject', type: 'STRING' },
      { name: 'case', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

export interface ArchiveEntry {
  subject: string;
  caseId: string;
  role: string;
  label: string;
  maskedId: string;
  bundleId: string;
  bundleName: string;
  acceptedAt: string;
  /** Absent for a person. */
  kind?: SubjectKind;
  /** An enterprise's or project's name (never a person's). */
  name?: string;
}

/** At most this many cases are listed for one person (a lifetime of 一件事 is far fewer). */
const MAX_CASES = 500;

export class ArchiveRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = ARCHIVE_TABLE_NAME,
  ) {}

  async put(e: ArchiveEntry): Promise<void> {
    await this.client.putRow({
      tableName: this.table,
      primaryKey: [{ subject: e.subject }, { case: e.caseId }],
      attributeColumns: columns({ role: e.role, label: e.label, masked: e.maskedId, b: e.bundleId, bn: e.bundleName, at: e.acceptedAt, k: e.kind, nm: e.name }),
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
    });
  }

  async list(subject: string): Promise<ArchiveEntry[]> {
    const res = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ subject }, { case: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ subject }, { case: TableStore.INF_MAX }],
      limit: MAX_CASES,
      maxVersions: 1,
    });
    return res.rows.filter(rowExists).map((row) => {
      const a = attributesOf(row);
      const pk = pkValues(row);
      return {
        subject: String(pk.subject),
        caseId: String(pk.case),
        role: str(a.role) ?? '',
        label: str(a.label) ?? '',
        maskedId: str(a.masked) ?? '',
        bundleId: str(a.b) ?? '',
        bundleName: str(a.bn) ?? '',
        acceptedAt: str(a.at) ?? '',
        ...(kindOf(str(a.k)) ? { kind: kindOf(str(a.k)) } : {}),
        ...(str(a.nm) ? { name: str(a.nm) } : {}),
      };
    });
  }
}

const KINDS: readonly SubjectKind[] = ['enterprise', 'project'];
const kindOf = (v: string | undefined): SubjectKind | undefined => KINDS.find((k) => k === v);
