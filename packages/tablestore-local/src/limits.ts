/**
 * Service limits tablestore-local enforces (alibabacloud.com/help/zh/tablestore/general-limits-of-tablestore).
 */
export const LIMITS = {
  /** STRING/BINARY primary-key value. */
  pkValueBytes: 1024,
  /** STRING/BINARY attribute value, per version. */
  attributeValueBytes: 2 * 1024 * 1024,
  /** Table and column names: 1-255 bytes, letters, digits, underscore, not starting with a digit. */
  nameMaxBytes: 255,
  /** Attribute columns written by one row of one request. */
  columnsPerWrite: 1024,
  columnsToGet: 128,
  /**
   * Sub-conditions of one read filter (the filter docs: "A filter condition can include up to 10
   * subconditions"; counted here over the whole tree, every condition below the top one).
   */
  filterSubConditions: 10,
  /** Sub-conditions of one write's column condition (conditional update docs: "up to 10"), counted alike. */
  conditionSubConditions: 10,
  /** One PutRow/UpdateRow row. */
  rowBytes: 4 * 1024 * 1024,
  /** HTTP request body. */
  requestBytes: 5 * 1024 * 1024,
  batchGetRows: 100,
  batchWriteRows: 200,
  batchWriteBytes: 4 * 1024 * 1024,
  /** One GetRange page. */
  rangeRows: 5000,
  rangeBytes: 4 * 1024 * 1024,
  tablesPerInstance: 64,
  minTimeToLive: 86400,
  /** Data one local transaction may write. */
  transactionBytes: 4 * 1024 * 1024,
  transactionTimeoutMs: 60_000,
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidName(name: string): boolean {
  return name.length >= 1 && name.length <= LIMITS.nameMaxBytes && NAME.test(name);
}
