/** Skeleton: bodies follow. */
import type { StaffActor } from '../core/actor.js';
import type { ServiceOptions, Services, QueueKind, QueueQuery, AttachmentUpload } from './types.js';

const todo = (): never => {
  throw new Error('not implemented yet');
};

export class LianbanServices implements Services {
  constructor(readonly options: ServiceOptions) {}
  async listBundles(_a: StaffActor) { return todo(); }
  async form(_a: StaffActor, _b: string, _o?: string[]) { return todo(); }
  async precheck(_a: StaffActor, _b: unknown) { return todo(); }
  async acceptCase(_a: StaffActor, _b: unknown) { return todo(); }
  async getCase(_a: StaffActor, _c: string) { return todo(); }
  async timeline(_a: StaffActor, _c: string) { return todo(); }
  async withdraw(_a: StaffActor, _c: string, _r: string, _v: number) { return todo(); }
  async queue(_a: StaffActor, _k: QueueKind, _q?: QueueQuery) { return todo(); }
  async subTask(_a: StaffActor, _c: string, _i: string) { return todo(); }
  async act(_a: StaffActor, _c: string, _i: string, _cmd: unknown, _v: number) { return todo(); }
  async uploadAttachment(_a: StaffActor, _c: string, _i: string, _u: AttachmentUpload) { return todo(); }
  async downloadAttachment(_a: StaffActor, _s: string, _w: { caseId: string; itemId?: string }) { return todo(); }
  async contacts(_a: StaffActor, _f?: { department?: string; district?: string }) { return todo(); }
  async archiveSearch(_a: StaffActor, _id: string, _p: string) { return todo(); }
  async archiveRead(_a: StaffActor, _s: string, _p: string) { return todo(); }
  async supervisionOverview(_a: StaffActor) { return todo(); }
  async auditTrail(_a: StaffActor, _c: string) { return todo(); }
  async drainCase(_c: string) { return todo(); }
  async sweep(_n?: string) { return todo(); }
}
