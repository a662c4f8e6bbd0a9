// The `blobs` table: attachments, content-addressed (DESIGN: storage). PK `sha256` (hex of the whole
// content), `chunk` (INTEGER): chunk 0 is the header {size, chunks}, chunks 1..n hold ≤ 512 KB of bytes
// each in BINARY column `d`. Chunks are written first and the header last, so a header means complete;
// every write is idempotent (same key, same bytes). Reads verify each chunk's length and the SHA-256 of the
// whole content before returning anything.
import { createHash } from 'node:crypto';
import { Long, attributesOf, rowExists, type CreateTableParams, type OtsClient, type PrimaryKeyInput } from './client.js';
import { num, rowCondition } from './rowOps.js';

const BLOBS_TABLE_NAME = 'blobs';
export const CHUNK_BYTES = 512 * 1024;
/** Largest attachment accepted (scans of certificates are far smaller). */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;

export const BLOBS_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: BLOBS_TABLE_NAME,
    primaryKey: [
      { name: 'sha256', type: 'STRING' },
      { name: 'chunk', type: 'INTEGER' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

export class BlobIntegrityError extends Error {
  constructor(readonly sha256: string, detail: string) {
    super(`attachment ${sha256}: ${detail}`);
    this.name = 'BlobIntegrityError';
  }
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export class BlobStore {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = BLOBS_TABLE_NAME,
  ) {}

  private key(sha256: string, chunk: number): PrimaryKeyInput {
    return [{ sha256 }, { chunk: Long.fromNumber(chunk) }];
  }

  /** Stores the bytes (once per content) and returns their SHA-256. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    if (bytes.length > MAX_BLOB_BYTES) throw new RangeError(`attachment larger than ${MAX_BLOB_BYTES} bytes`);
    const sha256 = sha256Of(bytes);
    if (await this.exists(sha256)) return { sha256, size: bytes.length };
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) {
      const part = Buffer.from(bytes.subarray(i * CHUNK_BYTES, Math.min(bytes.length, (i + 1) * CHUNK_BYTES)));
      await this.client.putRow({
        tableName: this.table,
        primaryKey: this.key(sha256, i + 1),
        attributeColumns: [{ d: part }, { n: Long.fromNumber(part.length) }],
        condition: rowCondition('ignore'),
      });
    }
    await this.client.putRow({
      tableName: this.table,
      primaryKey: this.key(sha256, 0),
      attributeColumns: [{ size: Long.fromNumber(bytes.length) }, { chunks: Long.fromNumber(chunks) }],
      condition: rowCondition('ignore'),
    });
    return { sha256, size: bytes.length };
  }

  async exists(sha256: string): Promise<boolean> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(sha256, 0), maxVersions: 1 });
    return rowExists(row);
  }

  /** The content, verified; null when no complete attachment has this hash. */
  async get(sha256: string): Promise<Buffer | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(sha256, 0), maxVersions: 1 });
    if (!rowExists(row)) return null;
    const head = attributesOf(row);
    const size = num(head.size);
    const chunks = num(head.chunks);
    const parts: Buffer[] = [];
    for (let i = 1; i <= chunks; i++) {
      const res = await this.client.getRow({ tableName: this.table, primaryKey: this.key(sha256, i), maxVersions: 1 });
      const a = attributesOf(res.row);
      const d = a.d;
      if (!Buffer.isBuffer(d) || d.length !== num(a.n)) throw new BlobIntegrityError(sha256, `chunk ${i} missing or damaged`);
      parts.push(d);
    }
    const bytes = Buffer.concat(parts);
    if (bytes.length !== size || sha256Of(bytes) !== sha256) throw new BlobIntegrityError(sha256, 'content does not match its SHA-256');
    return bytes;
  }
}

