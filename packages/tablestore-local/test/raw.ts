// Raw signed Tablestore requests, for what the SDK cannot send: tampered bodies and headers, and
// parameters the SDK drops client-side (limit 0, an empty batch).
// Signature (tablestore@5.6.5 lib/signer.js): HMAC-SHA1 over
//   "/<Api>\nPOST\n\n" + sorted lower-case "x-ots-*:value" lines (all x-ots-* but the signature) + "\n".
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { TableStore, type AttributeInput, type PrimaryKeyInput } from './support/ots';

const require = createRequire(import.meta.url);

interface ProtoMessage {
  encode(value: object): { finish(): Uint8Array };
  decode(buf: Uint8Array): object;
}
/** The SDK's compiled protobuf messages (package main.proto). */
const proto = (require('tablestore/lib/protocol/tablestore_compiled_proto.js') as { main: { proto: Record<string, ProtoMessage> } })
  .main.proto;

interface PlainBufferBuilder {
  serializePrimaryKey(pk: PrimaryKeyInput): Buffer;
  serializeForPutRow(pk: PrimaryKeyInput, attributes: AttributeInput): Buffer;
}
/** The SDK's PlainBuffer writer, for primary keys inside raw requests. */
export const plainBuffer = (TableStore as unknown as { PlainBufferBuilder: PlainBufferBuilder }).PlainBufferBuilder;

export interface RawTarget { url: string; accessKeyId: string; accessKeySecret: string; instance: string }

export interface RawOptions {
  /** Override the x-ots-contentmd5 header (signed as given). */
  md5?: string;
  /** Send this body instead of the one that was signed. */
  sendBody?: Buffer;
  /** Override the signature header. */
  signature?: string;
  /** Leave these headers out (after signing). */
  omit?: string[];
  /** Override x-ots-date (signed as given). */
  date?: string;
  /** Sign as if the request went to this API (the path is part of the string to sign). */
  signAs?: string;
}

export interface RawResponse { status: number; body: Buffer; headers: Record<string, string | string[] | undefined>; code?: string }

export function encode(message: string, value: object): Buffer {
  return Buffer.from(proto[message].encode(value).finish());
}

/** Sends one signed POST /<api> with the given protobuf body. */
export function rawCall(target: RawTarget, api: string, body: Buffer, opts: RawOptions = {}): Promise<RawResponse> {
  const path = `/${api}`;
  const headers: Record<string, string> = {
    'x-ots-apiversion': '2015-12-31',
    'x-ots-instancename': target.instance,
    'x-ots-contentmd5': opts.md5 ?? createHash('md5').update(body).digest('base64'),
    'x-ots-date': opts.date ?? new Date().toISOString(),
    'x-ots-accesskeyid': target.accessKeyId,
  };
  const canonical = Object.keys(headers).sort().map((k) => `${k}:${headers[k]}`).join('\n');
  const stringToSign = `/${opts.signAs ?? api}\nPOST\n\n${canonical}\n`;
  headers['x-ots-signature'] = opts.signature ?? createHmac('sha1', target.accessKeySecret).update(stringToSign).digest('base64');
  for (const h of opts.omit ?? []) delete headers[h];
  const payload = opts.sendBody ?? body;
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path, method: 'POST',
      headers: { ...headers, 'content-length': String(payload.length) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const status = res.statusCode ?? 0;
        let code: string | undefined;
        if (status >= 300 && buf.length > 0) {
          try {
            code = (proto.Error.decode(buf) as { code?: string }).code;
          } catch {
            code = undefined;
          }
        }
        resolve({ status, body: buf, headers: res.headers, code });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
