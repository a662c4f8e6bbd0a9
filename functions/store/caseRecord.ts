// Mapping between the core's records and the cells of the case row (layout: cases.ts); only the store uses the
// cells — the service reads and writes the row through caseStore.ts. Sensitive fields
// (every field whose sensitivity class says so, core bundle.ts sensitivityRules: ID and phone numbers, bank
// accounts, health and minors' data — in forms and in material data) are encrypted on the way in and
// decrypted on the way out (pii.ts); everything else is plain JSON.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SubjectKind } from '../core/bundle.js';
import type { CaseRecord } from '../core/case.js';
import type { Effect } from '../core/effects.js';
import type { TimelineEvent } from '../core/events.js';
import type { FormValues } from '../core/form.js';
import type { SignedDelegation } from '../core/signedDelegation.js';
import type { MaterialRecord, ReceivedInput } from '../core/materials.js';
import type { SubTask } from '../core/subtask.js';
import type { ArchiveEntry } from './archive.js';
import type { ChainHead, StoredAuditRecord } from './audit.js';
import type { CaseIndexEntry } from './caseIndex.js';
import { CELL_DICTIONARY_V1 } from './cellDictionary.js';
import type { CellValue } from './client.js';
import type { PiiCipher } from './pii.js';
import type { QueueMeta } from './queues.js';
import { num, str } from './rowOps.js';

const pad = (n: number): string => String(n).padStart(6, '0');

/** Column names of the case row. */
export const col = {
  intake: 'a',
  case: 'c',
  subjects: 'cs',
  caseVersion: 'cv',
  head: 'h',
  subTask: (item: string) => `s_${item}`,
  /** Attachments uploaded to a sub-task (JSON array of FileRecord). */
  files: (item: string) => `u_${item}`,
  version: (item: string) => `v_${item}`,
  effects: (key: string) => `x_${key}`,
  marker: 'xm',
  /** The drain lease: "<expiry ms>:<token>" while one dispatcher run applies the case's effects (caseStore.ts). */
  lease: 'xl',
  /** Token of the row in `dirty` that names this case (set with it, never rotated). */
  dirtyToken: 'xd',
  todo: (todoId: string) => `xo_${todoId.replace(/^.*\//, '').replace('#', '_')}`,
  state: 'xs',
  signature: (item: string, n: number) => `y_${item}_${n}`,
  events: (key: string) => `z_${key}`,
} as const;

/** Keys of one transition's effects and events: per sub-task version, per case version, per audit append. */
export const transitionKey = {
  subTask: (item: string, version: number) => `${item}_${pad(version)}`,
  case: (version: number) => `0c_${pad(version)}`,
  audit: (seq: number) => `0a_${pad(seq)}`,
};

/** Column ranges read together. */
export const ranges = {
  /** Case, subjects, versions, audit head, sub-tasks, files, pending effects, marker, to-dos, state. */
  work: { start: 'c', end: 'y' },
  /** What the dispatcher needs: pending effects, marker, drain lease, to-dos, case state. */
  effects: { start: 'x', end: 'y' },
  signatures: { start: 'y_', end: 'y`' },
  events: { start: 'z_', end: 'z`' },
};

/** A subject of the case, found by keyed hash (never the ID number); `kind` and `name` only for an enterprise or a project. */
export interface SubjectHash {
  role: string;
  label: string;
  hash: string;
  maskedId: string;
  kind?: SubjectKind;
  name?: string;
}

/** An attachment uploaded to a sub-task. */
export interface FileRecord {
  sha256: string;
  name: string;
  size: number;
  mime: string;
  itemId: string;
  by: string;
  at: string;
}

/** An Ed25519 signature of a sign-off (core signOffPayload), verifiable offline with the seal's public key. */
export interface SignatureEntry {
  kind: 'signOff' | 'countersign' | 'refuse';
  sealId: string;
  keyId: string;
  signer: string;
  signers: string[];
  department: string;
  district: string;
  at: string;
  /** sha256 of the signed payload. */
  digest: string;
  /** base64 Ed25519 signature. */
  signature: string;
  /** Signed at the 审管办 window under 集中授权: the delegation and both departments, as signed (payload version 3). */
  delegation?: SignedDelegation;
}

/** Effects only the store knows: archive index rows, audit records, on-time counters. */
type StoreEffect =
  | { id: string; kind: 'archive'; entry: ArchiveEntry }
  | { id: string; kind: 'audit'; records: StoredAuditRecord[] }
  /** The case's rows in `caseIndex` (case row and name pointers), written at acceptance. */
  | { id: string; kind: 'caseIndex'; entry: CaseIndexEntry }
  /** The state cell of the case's `caseIndex` row, after a state change. */
  | { id: string; kind: 'caseIndexState'; district: string; day: string; caseId: string; state: string }
  /** Sub-tasks signed on time / late, counted once when the case ends: counter column → increment. */
  | { id: string; kind: 'stats'; caseId: string; counts: Record<string, number> }
  /** Statistics of one change (core tally.ts): per `stats` row key, counter column → increment; once per effect id. */
  | { id: string; kind: 'tally'; rows: { key: string; counts: Record<string, number> }[] };

/** A pending effect: a core effect (an enqueue carries what its queue row shows) or a store effect. */
export type StoredEffect = (Effect & { meta?: QueueMeta }) | StoreEffect;

export interface IntakeRecord {
  application: MaterialRecord;
  supplied: MaterialRecord[];
}

/**
 * A case as a read returned it (caseStore.ts `load`). `headCell`, `fileCells`, `marker`, `dirtyToken` and
 * `lease` are the cells as read, kept for the conditions of the next write (the store's bookkeeping; the
 * service only asks whether a marker is there).
 */
export interface LoadedCase {
  caseId: string;
  record: CaseRecord | null;
  caseVersion: number;
  subjects: SubjectHash[];
  head: ChainHead | null;
  /** The stored `h` cell as read (for the conditional write that advances it). */
  headCell: string | null;
  subTasks: Map<string, SubTask>;
  files: FileRecord[];
  /** The `u_<item>` cells as read (uploads append conditionally on them). */
  fileCells: Map<string, string>;
  marker: string | null;
  dirtyToken: string | null;
  /** The drain lease cell as read ("<expiry ms>:<token>"), null when no drain holds it. */
  lease: string | null;
  state: string | null;
  /** Pending effects per transition (its key: transitionKey), in transition order. */
  pending: { transition: string; effects: StoredEffect[] }[];
  /** To-do column → platform id. */
  todos: Map<string, string>;
  signatures: Map<string, SignatureEntry[]>;
  events: TimelineEvent[];
  intake: IntakeRecord | null;
}

/**
 * Large JSON cells (case, intake, sub-tasks, pending effects, events) are stored deflated (BINARY) with a
 * preset dictionary (cellDictionary.ts): CUs are counted by bytes, and these documents shrink to about a
 * seventh. A cell starts with a tag byte naming the dictionary; 0x06 has the BTYPE bits 11, which no raw
 * deflate stream can start with, so cells written before the tag (plain raw deflate) still read. Small
 * cells compared by conditions stay text.
 */
const DICT_V1 = 0x06;

export function pack(value: unknown): Buffer {
  const body = deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: 9, dictionary: CELL_DICTIONARY_V1 });
  return Buffer.concat([Buffer.from([DICT_V1]), body]);
}

/** The JSON text of a packed cell (or of a text cell). */
export function cellText(v: CellValue | undefined): string | undefined {
  if (!Buffer.isBuffer(v)) return str(v);
  if (v[0] === DICT_V1) return inflateRawSync(v.subarray(1), { dictionary: CELL_DICTIONARY_V1 }).toString('utf8');
  return inflateRawSync(v).toString('utf8');
}

export function unpack<T>(v: CellValue | undefined): T | null {
  const text = cellText(v);
  return text === undefined ? null : (JSON.parse(text) as T);
}

const parse = unpack;

export class CaseCodec {
  constructor(private readonly cipher: PiiCipher) {}

  sealSubTask(st: SubTask, keys: ReadonlySet<string>): Buffer {
    const inputs: Record<string, ReceivedInput> = {};
    for (const [m, r] of Object.entries(st.inputs)) inputs[m] = { ...r, fields: this.cipher.sealValues(r.fields, keys) };
    const outputs: Record<string, FormValues> = {};
    for (const [m, v] of Object.entries(st.outputs)) outputs[m] = this.cipher.sealValues(v, keys);
    return pack({ ...st, form: this.cipher.sealValues(st.form, keys), inputs, outputs });
  }

  openSubTask(cell: CellValue): SubTask {
    const st = unpack<SubTask>(cell);
    if (!st) throw new Error('empty sub-task cell');
    const inputs: Record<string, ReceivedInput> = {};
    for (const [m, r] of Object.entries(st.inputs)) inputs[m] = { ...r, fields: this.cipher.openValues(r.fields) };
    const outputs: Record<string, FormValues> = {};
    for (const [m, v] of Object.entries(st.outputs)) outputs[m] = this.cipher.openValues(v);
    return { ...st, form: this.cipher.openValues(st.form), inputs, outputs };
  }

  sealIntake(intake: IntakeRecord, keys: ReadonlySet<string>): Buffer {
    const seal = (m: MaterialRecord): MaterialRecord => ({ ...m, data: this.cipher.sealValues(m.data, keys) });
    return pack({ application: seal(intake.application), supplied: intake.supplied.map(seal) });
  }

  openIntake(cell: CellValue): IntakeRecord {
    const r = unpack<IntakeRecord>(cell);
    if (!r) throw new Error('empty intake cell');
    const open = (m: MaterialRecord): MaterialRecord => ({ ...m, data: this.cipher.openValues(m.data) });
    return { application: open(r.application), supplied: r.supplied.map(open) };
  }

  /** Decodes whatever columns were read. */
  decode(caseId: string, cells: Record<string, CellValue>): LoadedCase {
    const loaded: LoadedCase = {
      caseId,
      record: parse<CaseRecord>(cells[col.case]),
      caseVersion: num(cells[col.caseVersion]),
      subjects: parse<SubjectHash[]>(cells[col.subjects]) ?? [],
      head: parse<ChainHead>(cells[col.head]),
      headCell: str(cells[col.head]) ?? null,
      subTasks: new Map(),
      files: [],
      fileCells: new Map(),
      marker: str(cells[col.marker]) ?? null,
      dirtyToken: str(cells[col.dirtyToken]) ?? null,
      lease: str(cells[col.lease]) ?? null,
      state: str(cells[col.state]) ?? null,
      pending: [],
      todos: new Map(),
      signatures: new Map(),
      events: [],
      intake: null,
    };
    for (const [name, value] of Object.entries(cells)) {
      if (name.startsWith('s_')) {
        const st = this.openSubTask(value);
        const v = cells[col.version(st.itemId)];
        // The version cell is what writes are conditional on; the two are written together.
        if (v !== undefined && num(v) !== st.version) throw new Error(`case ${caseId}: sub-task ${st.itemId} version cells disagree`);
        loaded.subTasks.set(st.itemId, st);
      } else if (name.startsWith('u_')) {
        loaded.files.push(...(JSON.parse(String(value)) as FileRecord[]));
        loaded.fileCells.set(name.slice(2), String(value));
      }
      else if (name.startsWith('x_')) loaded.pending.push({ transition: name.slice(2), effects: unpack<StoredEffect[]>(value) ?? [] });
      else if (name.startsWith('xo_')) loaded.todos.set(name, String(value));
      else if (name.startsWith('y_')) {
        const item = name.slice(2, name.lastIndexOf('_'));
        const list = loaded.signatures.get(item) ?? [];
        list.push(JSON.parse(String(value)) as SignatureEntry);
        loaded.signatures.set(item, list);
      } else if (name.startsWith('z_')) loaded.events.push(...(unpack<TimelineEvent[]>(value) ?? []));
      else if (name === col.intake) loaded.intake = this.openIntake(value);
    }
    loaded.pending.sort((a, b) => (a.transition < b.transition ? -1 : a.transition > b.transition ? 1 : 0));
    loaded.events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    return loaded;
  }
}
