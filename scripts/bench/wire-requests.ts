// Request bodies and signatures of the lean benchmark client, byte for byte what the tablestore SDK sends.
//
// Bodies: each operation's protobuf body is encoded once by the SDK's own encoder (TableStore.encoder, as
// TableStore.Client.buildContent does) for a sample row; the PlainBuffer bytes that vary per request (the
// row of a PutRow, the key of a GetRow, the start key of a GetRange) are then replaced in a copy of that
// template. Keys have a fixed length, so every length prefix in the template stays right.
// `checkAgainstSdk()` proves it: bodies built here equal the SDK's for sample inputs.
//
// Signature (tablestore@5.6.5 lib/signer.js + lib/client.js): x-ots-contentmd5 = base64 MD5(body);
// x-ots-signature = base64 HMAC-SHA1(secret, "/<Api>\nPOST\n\n" + the x-ots-* headers but the signature,
// lower-cased, sorted, as "name:value" lines + "\n"). The header order below is the SDK's on the wire.
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { benchAttributes, ignoreCondition, TableStore, type Endpoint } from './sdk';
import { encodeRow, type Cell } from './wire-plainbuffer';

const require = createRequire(import.meta.url);

export type WireOp = 'put' | 'get' | 'range';
export const WIRE_API: Record<WireOp, string> = { put: 'PutRow', get: 'GetRow', range: 'GetRange' };

export interface WireTables { put: string; get: string; range: string }

interface SdkEncoder { encode(operation: string, params: object): object }
const sdkEncoder = (require('tablestore') as { encoder: SdkEncoder }).encoder;

/** The request body the SDK sends for `operation` with `params` (TableStore.Client.buildContent). */
function sdkBody(operation: string, params: object): Buffer {
  const message = sdkEncoder.encode(operation, params);
  const type = Object.getPrototypeOf(message).constructor as { encode(m: object): { finish(): Uint8Array } };
  return Buffer.from(type.encode(message).finish());
}

/** The attribute cells of every benchmark row: the same columns as sdk.ts `benchAttributes(n)`. */
function benchCells(n: number): Cell[] {
  return [['name', '联办基准测试'], ['n', BigInt(n)], ['ok', true], ['payload', 'x'.repeat(150)]];
}

/** A body with one replaceable slot of fixed length. */
class BodyTemplate {
  private readonly prefix: Buffer;
  private readonly suffix: Buffer;
  constructor(body: Buffer, readonly sample: Buffer) {
    const at = body.indexOf(sample);
    if (at < 0 || body.indexOf(sample, at + 1) >= 0) throw new Error('template slot not found exactly once');
    this.prefix = body.subarray(0, at);
    this.suffix = body.subarray(at + sample.length);
  }

  fill(slot: Buffer): Buffer {
    if (slot.length !== this.sample.length) throw new Error(`slot is ${slot.length} bytes, template expects ${this.sample.length}`);
    const out = Buffer.allocUnsafe(this.prefix.length + slot.length + this.suffix.length);
    this.prefix.copy(out, 0);
    slot.copy(out, this.prefix.length);
    this.suffix.copy(out, this.prefix.length + slot.length);
    return out;
  }
}

/** PutRow keys are `w` + 2-character phase tag + 3-digit connection + `-` + 9-digit sequence (fixed length). */
export function putKey(tag: string, connection: number, seq: number): string {
  return `w${tag}${String(connection).padStart(3, '0')}-${String(seq).padStart(9, '0')}`;
}
/** Keys of the preloaded GetRow rows (sdk bench rows too): g000000…. */
export const getKey = (i: number): string => `g${String(i).padStart(6, '0')}`;
const RANGE_PARTITION = 'r';

/** Builds the three request bodies from templates made once with the SDK's encoder. */
export class WireBodies {
  private readonly put: BodyTemplate;
  private readonly get: BodyTemplate;
  private readonly range: BodyTemplate;

  constructor(readonly tables: WireTables, readonly rangeSize: number) {
    const putSample = encodeRow([['pk', putKey('zz', 0, 0)]], benchCells(0));
    this.put = new BodyTemplate(sdkBody('putRow', this.sdkPutParams(putKey('zz', 0, 0), 0)), putSample);
    this.get = new BodyTemplate(sdkBody('getRow', this.sdkGetParams(getKey(0))), encodeRow([['pk', getKey(0)]]));
    this.range = new BodyTemplate(sdkBody('getRange', this.sdkRangeParams(0)), encodeRow([['p', RANGE_PARTITION], ['k', 0n]]));
  }

  putRow(key: string, n: number): Buffer {
    return this.put.fill(encodeRow([['pk', key]], benchCells(n)));
  }

  getRow(key: string): Buffer {
    return this.get.fill(encodeRow([['pk', key]]));
  }

  getRange(from: number): Buffer {
    return this.range.fill(encodeRow([['p', RANGE_PARTITION], ['k', BigInt(from)]]));
  }

  private sdkPutParams(key: string, n: number): object {
    return { tableName: this.tables.put, condition: ignoreCondition(), primaryKey: [{ pk: key }], attributeColumns: benchAttributes(n) };
  }

  private sdkGetParams(key: string): object {
    return { tableName: this.tables.get, primaryKey: [{ pk: key }] };
  }

  private sdkRangeParams(from: number): object {
    return {
      tableName: this.tables.range, direction: 'FORWARD', limit: this.rangeSize,
      inclusiveStartPrimaryKey: [{ p: RANGE_PARTITION }, { k: TableStore.Long.fromNumber(from) }],
      exclusiveEndPrimaryKey: [{ p: RANGE_PARTITION }, { k: TableStore.INF_MAX }],
    };
  }

  /** Throws unless the bodies built here equal the SDK's own for sample inputs. */
  checkAgainstSdk(): void {
    const cases: Array<[string, Buffer, Buffer]> = [];
    for (const [c, seq] of [[0, 1], [7, 123_456_789], [63, 42]] as const) {
      const key = putKey('t9', c, seq);
      cases.push([`PutRow ${key}`, this.putRow(key, seq), sdkBody('putRow', this.sdkPutParams(key, seq))]);
    }
    for (const i of [1, 19_999, 4_711]) cases.push([`GetRow ${getKey(i)}`, this.getRow(getKey(i)), sdkBody('getRow', this.sdkGetParams(getKey(i)))]);
    for (const from of [1, 19_900, 255, 256]) cases.push([`GetRange ${from}`, this.getRange(from), sdkBody('getRange', this.sdkRangeParams(from))]);
    for (const [name, ours, sdk] of cases) {
      if (!ours.equals(sdk)) throw new Error(`lean client body differs from the SDK's for ${name}: ${ours.toString('hex')} vs ${sdk.toString('hex')}`);
    }
  }
}

let dateMs = 0;
let dateText = '';
/** x-ots-date: ISO 8601 with milliseconds, as the SDK (util.date.iso8601); formatted at most once per ms. */
function otsDate(): string {
  const ms = Date.now();
  if (ms !== dateMs) {
    dateMs = ms;
    dateText = new Date(ms).toISOString();
  }
  return dateText;
}

/** Signs requests for one endpoint and renders the HTTP/1.1 request head the SDK would send. */
export class WireSigner {
  private readonly host: string;
  constructor(private readonly endpoint: Endpoint) {
    // The SDK sends the hostname without the port as Host (lib/http/node.js); so do we.
    this.host = new URL(endpoint.url).hostname;
  }

  /** The complete request (head + body) as one buffer, signed now. */
  request(api: string, body: Buffer): Buffer {
    const e = this.endpoint;
    const md5 = createHash('md5').update(body).digest('base64');
    const date = otsDate();
    const toSign = `/${api}\nPOST\n\nx-ots-accesskeyid:${e.accessKeyId}\nx-ots-apiversion:2015-12-31\nx-ots-contentmd5:${md5}\n`
      + `x-ots-date:${date}\nx-ots-instancename:${e.instance}\n`;
    const signature = createHmac('sha1', e.accessKeySecret).update(toSign).digest('base64');
    const head = `POST /${api} HTTP/1.1\r\nx-ots-apiversion: 2015-12-31\r\nx-ots-instancename: ${e.instance}\r\n`
      + `x-ots-contentmd5: ${md5}\r\nContent-Length: ${body.length}\r\nHost: ${this.host}\r\nx-ots-date: ${date}\r\n`
      + `x-ots-accesskeyid: ${e.accessKeyId}\r\nx-ots-signature: ${signature}\r\nConnection: keep-alive\r\n\r\n`;
    const headLength = Buffer.byteLength(head, 'latin1');
    const out = Buffer.allocUnsafe(headLength + body.length);
    out.write(head, 0, 'latin1');
    body.copy(out, headLength);
    return out;
  }
}
