// Where a timer pass that walks a table a slice per run goes on next time: one row of `counters`
// (`cursor:<name>`, column `at`: the JSON of the next start, absent when the next run starts from the
// beginning). Losing a write only makes a pass look at a slice again.
import { attributesOf, rowExists, type OtsClient } from './client.js';
import { COUNTERS_TABLE_NAME } from './counters.js';
import { rowCondition, str } from './rowOps.js';

export class SweepCursors {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = COUNTERS_TABLE_NAME,
  ) {}

  async get<T>(name: string): Promise<T | null> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: [{ key: `cursor:${name}` }], columnsToGet: ['at'], maxVersions: 1 });
    const text = rowExists(row) ? str(attributesOf(row).at) : undefined;
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  async set(name: string, at: unknown): Promise<void> {
    const primaryKey = [{ key: `cursor:${name}` }];
    if (at === null) await this.client.deleteRow({ tableName: this.table, primaryKey, condition: rowCondition('ignore') });
    else await this.client.putRow({ tableName: this.table, primaryKey, attributeColumns: [{ at: JSON.stringify(at) }], condition: rowCondition('ignore') });
  }
}
