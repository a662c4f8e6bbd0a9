/**
 * Reading and writing the case row with the dirty-marker protocol (DESIGN: effects):
 * - a change that stores pending effects needs a marker in `dirty`: when the row shows none (`xm` absent)
 *   the marker is written FIRST, then the change (expecting `xm` still absent); otherwise the change expects
 *   the `xm` token it read. Either way it writes a fresh `xm` token, so a sweep that read the row before
 *   cannot clear the marker afterwards (its clear expects the old token).
 * - `xd` is the token of the dirty row itself (set with the marker, never rotated): the sweep removes the
 *   dirty row only if it still holds that token, so a marker re-created meanwhile survives.
 * A failed condition is a conflict: the caller re-reads and rebuilds the change, or reports CONFLICT.
 */
import { CASE_ID_PATTERN } from '../core/case.js';
import { CaseCodec, col, type LoadedCase } from '../store/caseRecord.js';
import type { ColumnSelection } from '../store/cases.js';
import type { CellValue } from '../store/client.js';
import { rowCondition, type ColumnExpectation } from '../store/rowOps.js';
import type { CaseMutation } from './caseWork.js';
import type { ServiceContext } from './context.js';

export class CaseAccess {
  readonly codec: CaseCodec;

  constructor(private readonly ctx: ServiceContext) {
    this.codec = new CaseCodec(ctx.cipher);
  }

  async load(caseId: string, select: ColumnSelection): Promise<LoadedCase | null> {
    if (!CASE_ID_PATTERN.test(caseId)) return null;
    const cells = await this.ctx.cases.read(caseId, select);
    return cells ? this.codec.decode(caseId, cells) : null;
  }

  /** Writes a change of an existing case (see the protocol above). */
  async commit(caseId: string, loaded: LoadedCase, mutation: CaseMutation): Promise<void> {
    const put: Record<string, CellValue> = { ...mutation.put };
    const expect: ColumnExpectation[] = [...mutation.expect];
    if (Object.keys(put).some((k) => k.startsWith('x_'))) {
      const token = this.ctx.token();
      if (loaded.marker === null) {
        await this.ctx.dirty.mark(caseId, token, this.ctx.now());
        put[col.dirtyToken] = token;
      }
      expect.push({ column: col.marker, value: loaded.marker });
      put[col.marker] = token;
    }
    await this.ctx.cases.update(caseId, put, mutation.remove, rowCondition('exist', expect));
  }

  /** Creates a case row that carries pending effects: marker first, then the row (expecting none). */
  async create(caseId: string, put: Record<string, CellValue>): Promise<void> {
    const token = this.ctx.token();
    await this.ctx.dirty.mark(caseId, token, this.ctx.now());
    await this.ctx.cases.create(caseId, { ...put, [col.marker]: token, [col.dirtyToken]: token }, rowCondition('notExist'));
  }
}
