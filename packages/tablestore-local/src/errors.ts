/**
 * Every error tablestore-local sends, made here so each code, HTTP status and message lives in one
 * place. Codes, statuses and messages follow the service: the error-code table
 * (help.aliyun.com/document_detail/27300.html), the Python SDK's tests against the real service, the
 * Java SDK's local-transaction tests. Where the service's exact text is unknown the message is ours,
 * written in the service's style; the code and HTTP status are what callers match on.
 *
 * On the wire an error is HTTP 4xx/5xx with a protobuf `Error { code = 1; message = 2 }` body.
 */

export class OtsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OtsError';
  }
}

const make = (status: number, code: string) => (message: string) => new OtsError(status, code, message);
const authFailed = make(403, 'OTSAuthFailed');
const parameterInvalid = make(400, 'OTSParameterInvalid');
const invalidPk = make(400, 'OTSInvalidPK');

export const errors = {
  // Authentication (403 OTSAuthFailed) and HTTP framing.
  accessKeyIdNotExist: () => authFailed('The AccessKeyID does not exist.'),
  instanceNotFound: () => authFailed('The instance is not found.'),
  signatureMismatch: () => authFailed('Signature mismatch.'),
  contentMd5Mismatch: () => authFailed('Mismatch between MD5 value of request body and x-ots-contentmd5 in header.'),
  dateMismatch: (date: string) => authFailed(`Mismatch between system time and x-ots-date: ${date}.`),
  missingHeader: (name: string) => parameterInvalid(`Missing header: '${name}'.`),
  invalidDate: (date: string) => parameterInvalid(`Invalid date format: ${date}.`),
  requestBodyTooLarge: () => new OtsError(413, 'OTSRequestBodyTooLarge', 'The size of POST data is too large.'),
  methodNotAllowed: () => new OtsError(405, 'OTSMethodNotAllowed', 'Only POST method for requests is supported.'),
  unsupportedOperation: (operation: string) => new OtsError(400, 'OTSUnsupportOperation', `Unsupported operation: '${operation}'.`),
  streamNotSupported: () =>
    new OtsError(400, 'OTSUnsupportOperation', "Unsupported operation: 'Stream'. tablestore-local produces no stream records; leave enableStream false."),
  internal: () => new OtsError(500, 'OTSInternalServerError', 'Internal server error.'),

  // Tables.
  tableNotExist: () => new OtsError(404, 'OTSObjectNotExist', 'Requested table does not exist.'),
  tableAlreadyExist: () => new OtsError(409, 'OTSObjectAlreadyExist', 'Requested table already exists.'),
  tableQuotaExhausted: (max: number) => new OtsError(403, 'OTSQuotaExhausted', `Number of tables exceeded the quota: ${max}.`),
  invalidTableName: (name: string) => parameterInvalid(`Invalid table name: '${name}'.`),
  invalidColumnName: (name: string) => parameterInvalid(`Invalid column name: '${name}'.`),
  pkCountOutOfRange: (count: number) => parameterInvalid(`The number of primary key columns must be in range: [1, 4]. Input: ${count}.`),
  duplicatedPkName: (name: string) => parameterInvalid(`Duplicated primary key name: '${name}'.`),
  invalidPkType: (name: string) => parameterInvalid(`Invalid primary key type of column: '${name}'.`),
  invalidAutoIncrement: (name: string) =>
    parameterInvalid(`Auto-increment primary key column '${name}' must be an INTEGER column that is not the partition key, and a table has at most one.`),
  invalidTimeToLive: (ttl: number) => parameterInvalid(`Invalid time to live: ${ttl}. It must be -1 or at least 86400 seconds.`),
  invalidMaxVersions: (maxVersions: number) => parameterInvalid(`Invalid max versions: ${maxVersions}. It must be greater than 0.`),
  invalidMaxTimeDeviation: (deviation: number) => parameterInvalid(`Invalid max time deviation: ${deviation}. It must be greater than 0.`),
  invalidReservedThroughput: () => parameterInvalid('Invalid reserved throughput: read and write capacity units must not be negative.'),
  invalidDefinedColumn: (name: string) => parameterInvalid(`Invalid defined column: '${name}'.`),
  indexNotSupported: () => parameterInvalid('Secondary indexes are not supported by tablestore-local.'),

  // Primary keys (400 OTSInvalidPK).
  pkSizeMismatch: (input: number, meta: number) => invalidPk(`Validate PK size fail. Input: ${input}, Meta: ${meta}.`),
  pkNameMismatch: (input: string, meta: string) => invalidPk(`Validate PK name fail. Input: ${input}, Meta: ${meta}.`),
  pkTypeMismatch: (input: string, meta: string) => invalidPk(`Validate PK type fail. Input: ${input}, Meta: ${meta}.`),
  pkValueTooLarge: (name: string, size: number, max: number) =>
    parameterInvalid(`The length of primary key column: '${name}' exceeds the MaxLength:${max} with CurrentLength:${size}.`),
  pkInfNotAllowed: (name: string) => invalidPk(`INF_MIN or INF_MAX is not allowed in primary key column '${name}' here.`),
  autoIncrementNotAllowed: (name: string) => invalidPk(`AUTO_INCREMENT placeholder is not allowed in primary key column '${name}' here.`),

  // Requests and rows (400 OTSParameterInvalid).
  malformedRequest: (detail: string) => parameterInvalid(`Failed to parse the request: ${detail}.`),
  malformedPlainBuffer: (detail: string) => parameterInvalid(`Invalid PlainBuffer: ${detail}.`),
  checksumMismatch: () => parameterInvalid('Invalid PlainBuffer: checksum mismatch.'),
  attributeValueTooLarge: (name: string, size: number, max: number) =>
    parameterInvalid(`The length of attribute column: '${name}' exceeds the MaxLength:${max} with CurrentLength:${size}.`),
  tooManyColumnsWritten: (count: number, max: number) =>
    parameterInvalid(`The number of attribute columns exceeds the limit: ${count} > ${max}.`),
  tooManyColumnsToGet: (count: number, max: number) =>
    parameterInvalid(`The number of columns to get exceeds the limit: ${count} > ${max}.`),
  rowTooLarge: (size: number, max: number) => parameterInvalid(`The size of the row exceeds the limit: ${size} > ${max}.`),
  /** The service's text (seen in a BatchWriteRow row error): the valid range is [min, max). */
  timestampOutOfRange: (cell: string, ts: number, min: number, max: number) =>
    parameterInvalid(`Invalid timestamp. Cell:${cell}. Timestamp:${ts}. MinTimestamp:${min}. MaxTimestamp:${max}.`),
  timestampRequiredForDelete: (name: string) => parameterInvalid(`Timestamp is required to delete one version of column '${name}'.`),
  invalidCellOperation: (name: string) => parameterInvalid(`Invalid operation on column '${name}'.`),
  incrementNotInteger: (name: string) => parameterInvalid(`Only INTEGER can be incremented; column '${name}' is not INTEGER.`),
  noColumnsInUpdate: () => parameterInvalid('No attribute column is specified in UpdateRow.'),
  updateNotAllowed: (table: string) =>
    parameterInvalid(`UpdateRow is not allowed on table '${table}': its table option allow_update is false.`),
  attributeColumnMissing: () => parameterInvalid('Attribute column is missing.'),
  invalidMaxVersionsToGet: () => parameterInvalid('MaxVersions must be greater than 0.'),
  neitherMaxVersionsNorTimeRange: () => parameterInvalid('Neither MaxVersions nor TimeRange is set.'),
  invalidTimeRange: () => parameterInvalid('Invalid time range: start time must be less than end time and neither negative.'),
  invalidFilter: (detail: string) => parameterInvalid(`Invalid filter: ${detail}.`),
  paginationFilterNotAllowed: () => parameterInvalid('ColumnPaginationFilter can not be used as a condition or inside a composite filter.'),
  invalidLimit: () => parameterInvalid('The limit must be greater than 0.'),
  beginNotLessThanEnd: () => parameterInvalid('Begin key must less than end key in FORWARD'),
  beginNotMoreThanEnd: () => parameterInvalid('Begin key must more than end key in BACKWARD'),
  invalidDirection: () => parameterInvalid('Invalid direction of GetRange.'),
  invalidReturnType: () => parameterInvalid('Invalid return type.'),
  invalidRowExistence: () => parameterInvalid('Invalid row existence expectation.'),

  // Batches.
  batchWriteEmpty: () => parameterInvalid('No row is specified in BatchWriteRow.'),
  batchGetEmpty: () => parameterInvalid('No row specified in the request of BatchGetRow.'),
  batchTableEmpty: (table: string) => parameterInvalid(`No operation is specified for table: '${table}'.`),
  batchTableDuplicated: (table: string) => parameterInvalid(`The table '${table}' is duplicated in the batch request.`),
  batchRowDuplicated: (table: string, row: number, first: number) =>
    parameterInvalid(`The input parameter is invalid. Rows ${first} and ${row} of table '${table}' in BatchWriteRow have the same primary key.`),
  batchWriteTooManyRows: (count: number, max: number) =>
    parameterInvalid(`The total number of rows in BatchWriteRow exceeds the limit: ${count} > ${max}.`),
  batchGetTooManyRows: (count: number, max: number) =>
    parameterInvalid(`The total number of rows in BatchGetRow exceeds the limit: ${count} > ${max}.`),
  batchWriteTooLarge: (size: number, max: number) => parameterInvalid(`The total size of BatchWriteRow exceeds the limit: ${size} > ${max}.`),
  invalidBatchOperation: () => parameterInvalid('Invalid operation type in BatchWriteRow.'),

  // Conditions.
  conditionCheckFail: () => new OtsError(403, 'OTSConditionCheckFail', 'Condition check failed.'),

  // Local transactions.
  rowOperationConflict: () => new OtsError(409, 'OTSRowOperationConflict', 'Data is being modified by the other request.'),
  sessionNotExist: () => new OtsError(404, 'OTSSessionNotExist', 'Session not exist or may be timeout.'),
  invalidTransactionId: () => parameterInvalid('TransactionID is invalid.'),
  transactionOnlyPartitionKey: () => parameterInvalid('StartLocalTransaction support only one primary key.'),
  transactionOutOfRange: () => parameterInvalid('Data is out of the partition key range of the transaction.'),
  transactionOtherTable: () => parameterInvalid('The transaction belongs to another table.'),
  transactionWithAutoIncrement: () => parameterInvalid('Local transactions are not supported on a table with an auto-increment primary key column.'),
  transactionTooLarge: (max: number) =>
    new OtsError(400, 'OTSOutOfTransactionDataSizeLimit', `The data written in the transaction exceeds the limit: ${max} bytes.`),
  transactionNotInBatchGet: () => parameterInvalid('BatchGetRow does not take a transaction.'),
} as const;
