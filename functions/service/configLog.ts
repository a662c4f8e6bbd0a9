/**
 * Configuration change records (DESIGN: configuration): every admin operation records who changed what, before →
 * after, hash-chained per scope (store/configAudit.ts). Admin operations call `record` after their change is
 * stored; admins and auditors read a scope's records (policy.ts authorizeConfigRead) with the chain checked.
 */
import type { StaffActor } from '../core/actor.js';
import type { Json } from '../core/canonical.js';
import { authorizeConfigRead } from '../core/policy.js';
import { verifyChain } from '../store/audit.js';
import { ConfigAuditRows, type ConfigAuditRecord, type ConfigChange } from '../store/configAudit.js';
import type { ServiceContext } from './context.js';
import { denyUnless } from './errors.js';

export type { ConfigAuditRecord, ConfigChange };

/** A plain data value as a record's before / after (undefined members dropped). */
export const asJson = (value: unknown): Json | null => (value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as Json));

export interface ConfigChangePage {
  scope: string;
  records: ConfigAuditRecord[];
  /** Whether the whole chain of the scope verifies, and the first broken seq when not. */
  chain: { intact: boolean; brokenAt: number | null; length: number };
}

export class ConfigLog {
  private readonly rows: ConfigAuditRows;

  constructor(private readonly ctx: ServiceContext) {
    this.rows = new ConfigAuditRows(ctx.client);
  }

  /** The chain a change belongs to: its district, or the city's code for city-wide configuration. */
  async scopeOf(district: string | null): Promise<string> {
    return district ?? (await this.ctx.snapshot()).directory.city.code;
  }

  /** Appends the record of a stored change (who, when, before → after) to its scope's chain. */
  async record(actor: StaffActor, district: string | null, change: ConfigChange): Promise<ConfigAuditRecord> {
    const scope = await this.scopeOf(district);
    return this.rows.append(scope, { id: actor.id, name: actor.name, district: actor.district }, change, this.ctx.now());
  }

  /** A scope's records, newest first (50 per page, before `beforeSeq`), and whether its chain verifies. */
  async list(actor: StaffActor, district: string | null, beforeSeq?: number): Promise<ConfigChangePage> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfigRead(actor, district, snap.directory));
    const scope = district ?? snap.directory.city.code;
    const all = await this.rows.all(scope);
    const brokenAt = verifyChain(all);
    const newestFirst = [...all].reverse().filter((r) => beforeSeq === undefined || r.seq < beforeSeq);
    return { scope, records: newestFirst.slice(0, 50), chain: { intact: brokenAt === null, brokenAt, length: all.length } };
  }
}
