/**
 * Who acts: a member of staff (from the session token: user, department, district, roles) or the
 * system itself (the dispatcher applying effects, the timer).
 */
import type { Role } from './directory.js';

export interface StaffActor {
  kind: 'staff';
  id: string;
  name: string;
  district: string;
  department: string;
  roles: Role[];
}

export interface SystemActor {
  kind: 'system';
  id: 'system';
  /** Which function acts, e.g. dispatcher or timer. */
  name: string;
}

export type Actor = StaffActor | SystemActor;

export function systemActor(name: string): SystemActor {
  return { kind: 'system', id: 'system', name };
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.kind === 'staff' && roles.some((r) => actor.roles.includes(r));
}

/** What an event records about the actor (no personal data beyond the staff name). */
export interface ActorRef {
  kind: 'staff' | 'system';
  id: string;
  name: string;
  district: string | null;
  department: string | null;
}

export function actorRef(actor: Actor): ActorRef {
  return actor.kind === 'staff'
    ? { kind: 'staff', id: actor.id, name: actor.name, district: actor.district, department: actor.department }
    : { kind: 'system', id: actor.id, name: actor.name, district: null, department: null };
}
