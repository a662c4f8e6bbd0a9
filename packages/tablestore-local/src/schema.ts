/** Table metadata as tablestore-local keeps it (persisted as JSON in the catalog). */
import { VT_BLOB, VT_INTEGER, VT_STRING } from './plainbuffer/constants.js';

/** protobuf PrimaryKeyType: INTEGER = 1, STRING = 2, BINARY = 3. */
export type PkType = 1 | 2 | 3;

export interface PkSchema {
  readonly name: string;
  readonly type: PkType;
  readonly autoIncrement: boolean;
}

export interface DefinedColumn {
  readonly name: string;
  /** protobuf DefinedColumnType: DCT_INTEGER 1, DCT_DOUBLE 2, DCT_BOOLEAN 3, DCT_STRING 4, DCT_BLOB 7. */
  readonly type: number;
}

export interface TableOptions {
  /** Seconds; -1 = data never expires. */
  readonly timeToLive: number;
  readonly maxVersions: number;
  /**
   * Max time deviation in seconds: a written cell's timestamp must lie in
   * [max(now − deviation, now − time to live), now + deviation).
   */
  readonly maxTimeDeviation: number;
  readonly allowUpdate: boolean | null;
}

export interface StreamSettings {
  readonly enabled: boolean;
  readonly expirationTime: number | null;
  readonly streamId: string | null;
  readonly lastEnableTime: number | null;
}

export interface TableMeta {
  /** Internal number: the 4-byte prefix of the table's rows in the storage. */
  readonly id: number;
  readonly name: string;
  readonly primaryKey: readonly PkSchema[];
  readonly definedColumns: readonly DefinedColumn[];
  readonly options: TableOptions;
  readonly reservedRead: number;
  readonly reservedWrite: number;
  readonly lastIncreaseTime: number;
  readonly lastDecreaseTime: number | null;
  readonly stream: StreamSettings;
  readonly createdAt: number;
}

/** The PlainBuffer variant type that values of a primary-key column carry. */
export function pkValueType(type: PkType): number {
  return type === 1 ? VT_INTEGER : type === 2 ? VT_STRING : VT_BLOB;
}

export function autoIncrementIndex(meta: TableMeta): number {
  return meta.primaryKey.findIndex((col) => col.autoIncrement);
}
