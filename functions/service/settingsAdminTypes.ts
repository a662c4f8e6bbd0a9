/**
 * What the settings administration offers the api (DESIGN: configuration, directory entries): seals (issue, rotate,
 * revoke), delegations (集中授权: issue with a validity period, revoke), districts joining bundles from a date, the
 * city-wide calendar overlay and each district's opening hours. Filled in by service/settingsAdmin.ts. Every entry
 * carries `rowVersion`, the version of its `directory` row, which a change may send back as `expectedVersion`.
 */
import type { StaffActor } from '../core/actor.js';
import type { CalendarInput } from '../core/calendarInput.js';
import type { Delegation, DistrictJoin, Seal } from '../core/directory.js';
import type { OpeningHours } from '../core/openingHours.js';
import type { NewDelegation, NewSeal } from '../core/sealRules.js';

export type AdminSeal = Seal & { rowVersion: number };

export type AdminDelegation = Delegation & { rowVersion: number; /** Grants its items today. */ inForce: boolean };

export interface DistrictJoins {
  district: string;
  /** The district's bundles (always). */
  bundles: string[];
  joins: DistrictJoin[];
  /** Bundles the district takes part in today (its own and the joins whose date has come). */
  inForce: string[];
  rowVersion: number;
}

export interface AdminCalendar extends CalendarInput {
  /** Identifies base data and overlay (what due dates are counted on). */
  calendarVersion: string;
  /** Dates after it are provisional (no State Council notice entered for their year, or for a year before). */
  knownUntil: string;
  /** 0: no overlay stored yet. */
  rowVersion: number;
}

export interface AdminHours extends OpeningHours {
  district: string;
  /** 0: none stored yet (the answer then shows the usual hours, Mon–Fri 09:00–17:00). */
  rowVersion: number;
}

/** A change that may name the row version it was made on (409 CONFLICT when the row moved on). */
export interface Versioned {
  expectedVersion?: number;
}

export interface SettingsAdminAccess {
  /** Issues a seal in the actor's district with its first Ed25519 key (201); a town centre's may class its items (scopeClasses). */
  issueSeal(actor: StaffActor, body: NewSeal): Promise<AdminSeal>;
  /** A new key for the seal; the old key ids are kept in `previousKeyIds` and their public keys stay. */
  rotateSeal(actor: StaffActor, id: string, body: Versioned): Promise<AdminSeal>;
  /** No sign-off, countersign or refusal with the seal from now on; earlier signatures still verify. */
  revokeSeal(actor: StaffActor, id: string, body: Versioned & { reason: string }): Promise<AdminSeal>;
  /** 集中授权 with a validity period (201). */
  issueDelegation(actor: StaffActor, body: NewDelegation): Promise<AdminDelegation>;
  /** Grants nothing from now on (sign-offs under it re-read it). */
  revokeDelegation(actor: StaffActor, id: string, body: Versioned & { reason: string }): Promise<AdminDelegation>;
  /** The district joins the bundle from a date (today or later). */
  joinBundle(actor: StaffActor, district: string, bundleId: string, body: Versioned & { from: string }): Promise<DistrictJoins>;
  calendar(actor: StaffActor): Promise<AdminCalendar>;
  saveCalendar(actor: StaffActor, body: CalendarInput & Versioned): Promise<AdminCalendar>;
  hours(actor: StaffActor, district: string): Promise<AdminHours>;
  saveHours(actor: StaffActor, district: string, body: OpeningHours & Versioned): Promise<AdminHours>;
}
