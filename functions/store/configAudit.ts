// Configuration change records (配置变更记录, DESIGN: configuration): every admin change — who, when, what,
// before → after — hash-chained per scope like case audit records, in the `audit` table under the partition key
// `cfg:<scope>` (scope: a district code, or the city's code for city-wide configuration), `seq` 1, 2, 3, …
//
// The chain needs no head row: a record is put at `seq` = last + 1 with "row must not exist", so two admins
// appending at once get one success and one condition failure, and the loser re-reads the last record and
// links after it. hash = sha256(prevHash + "\n" + canonical JSON of the record without `hash`) (core canonical.ts).
import { type Json, canonicalJson } from '../core/canonical.js';
import { sealChained } from './audit.js';
import { Long, TableStore, attributesOf, expectNotExist, isConditionFailed, rowExists, type OtsClient, type PrimaryKeyInput, type Row } from './client.js';
import { str } from './rowOps.js';

const AUDIT_TABLE_NAME = 'audit';

export interface ConfigChangeActor {
  id: string;
  name: string;
  district: string;
}

/** One configuration change. `before` / `after` are the entry's documents (null when created / removed). */
export interface ConfigChange {
  /** ConfigKind of core policy.ts (bundle, district, department, staff, seal, delegation, calendar). */
  kind: string;
  /** The entry's id (a bundle version id, a staff id, a seal id, …). */
  id: string;
  /** create | update | publish | retire | discard | disable | enable | revoke | rotate | join | import … */
  action: string;
  before: Json | null;
  after: Json | null;
}

export interface ConfigAuditRecord extends ConfigChange {
  scope: string;
  seq: number;
  at: string;
  actor: ConfigChangeActor;
  prevHash: string;
  hash: string;
}

const partition = (scope: string): string => `cfg:${scope}`;

function recordOf(row: Row): ConfigAuditRecord {
  return JSON.parse(str(attributesOf(row).r) ?? 'null') as ConfigAuditRecord;
}

export class ConfigAuditRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = AUDIT_TABLE_NAME,
  ) {}

  private async last(scope: string): Promise<ConfigAuditRecord | null> {
    const { rows } = await this.client.getRange({
      tableName: this.table,
      direction: 'BACKWARD',
      inclusiveStartPrimaryKey: [{ pk: partition(scope) }, { seq: TableStore.INF_MAX }],
      exclusiveEndPrimaryKey: [{ pk: partition(scope) }, { seq: TableStore.INF_MIN }],
      limit: 1,
      maxVersions: 1,
    });
    const row = rows.find(rowExists);
    return row ? recordOf(row) : null;
  }

  /** Links the change after the scope's last record and stores it; retries when another admin appended first. */
  async append(scope: string, actor: ConfigChangeActor, change: ConfigChange, at: string): Promise<ConfigAuditRecord> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.last(scope);
      const record: ConfigAuditRecord = sealChained({
        scope,
        seq: (last?.seq ?? 0) + 1,
        at,
        actor,
        kind: change.kind,
        id: change.id,
        action: change.action,
        before: change.before,
        after: change.after,
        prevHash: last?.hash ?? '',
      });
      const primaryKey: PrimaryKeyInput = [{ pk: partition(scope) }, { seq: Long.fromNumber(record.seq) }];
      try {
        await this.client.putRow({
          tableName: this.table,
          primaryKey,
          attributeColumns: [{ r: canonicalJson(JSON.parse(JSON.stringify(record)) as Json) }],
          condition: expectNotExist(),
        });
        return record;
      } catch (err) {
        if (!isConditionFailed(err) || attempt >= 20) throw err;
      }
    }
  }

  /** Records of a scope, newest first, at most `limit`, before `beforeSeq` when given (paging). */
  async list(scope: string, options: { limit?: number; beforeSeq?: number } = {}): Promise<ConfigAuditRecord[]> {
    const { rows } = await this.client.getRange({
      tableName: this.table,
      direction: 'BACKWARD',
      inclusiveStartPrimaryKey: [{ pk: partition(scope) }, { seq: options.beforeSeq ? Long.fromNumber(options.beforeSeq - 1) : TableStore.INF_MAX }],
      exclusiveEndPrimaryKey: [{ pk: partition(scope) }, { seq: TableStore.INF_MIN }],
      limit: options.limit ?? 50,
      maxVersions: 1,
    });
    return rows.filter(rowExists).map(recordOf);
  }

  /** Every record of a scope in order (verification and export). */
  async all(scope: string): Promise<ConfigAuditRecord[]> {
    const out: ConfigAuditRecord[] = [];
    let start: PrimaryKeyInput = [{ pk: partition(scope) }, { seq: TableStore.INF_MIN }];
    for (;;) {
      const page = await this.client.getRange({
        tableName: this.table,
        direction: 'FORWARD',
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ pk: partition(scope) }, { seq: TableStore.INF_MAX }],
        maxVersions: 1,
      });
      out.push(...page.rows.filter(rowExists).map(recordOf));
      if (!page.nextStartPrimaryKey) return out;
      start = page.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
    }
  }
}
