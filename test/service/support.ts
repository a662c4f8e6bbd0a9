// Service test support: a real tablestore-local on a free port, every registry table created, the demo
// directory seeded, services with a recording notifier and a controllable clock. No mocks.
import { randomBytes } from 'node:crypto';
import type { StaffActor } from '../../functions/core/actor.js';
import { findStaff } from '../../functions/core/directory.js';
import { seedDirectory as seedData } from '../../functions/catalog/index.js';
import type { OtsClient } from '../../functions/store/client.js';
import { TABLES } from '../../functions/store/tables.js';
import { createServices, type Notifier, type NoticeDelivery, type Services, type TodoDelivery, type TodoFinish } from '../../functions/service/index.js';
import { catalogSeed, seedDirectory } from '../../scripts/seed/directory.js';
import { startOts, type OtsHarness } from '../support/ots.js';

class RecordingNotifier implements Notifier {
  notices: NoticeDelivery[] = [];
  todos: TodoDelivery[] = [];
  finished: TodoFinish[] = [];
  /** Throws on the n-th call (1-based, counting all three kinds) when set; then clears itself. */
  failAt: number | null = null;
  calls = 0;

  private tick(): void {
    this.calls++;
    if (this.failAt !== null && this.calls >= this.failAt) {
      this.failAt = null;
      throw new Error('platform unavailable (test)');
    }
  }

  async sendNotice(n: NoticeDelivery): Promise<void> {
    this.tick();
    this.notices.push(n);
  }

  async createTodo(t: TodoDelivery): Promise<{ platformId: string }> {
    this.tick();
    this.todos.push(t);
    return { platformId: `task-${t.todoId}` };
  }

  async finishTodo(t: TodoFinish): Promise<void> {
    this.tick();
    this.finished.push(t);
  }
}

export const KEYS = { dataKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64url') };

export interface World {
  ots: OtsHarness;
  client: OtsClient;
  services: Services;
  notifier: RecordingNotifier;
  clock: { now: string };
  kicks: string[];
  /** Another service instance on the same store (a second function instance). */
  other(): Services;
  stop(): Promise<void>;
}

/** Options of the services a world builds: drain in the request (as the api function does), a wall clock to move leases. */
export interface WorldOptions {
  drainInline?: boolean;
  wallClock?: () => number;
}

export async function startWorld(now = '2026-03-02T02:00:00.000Z', opts: WorldOptions = {}): Promise<World> {
  const ots = await startOts();
  const client = ots.client() as unknown as OtsClient;
  for (const spec of TABLES) await client.createTable(spec.definition);
  await seedDirectory(client, catalogSeed());
  const notifier = new RecordingNotifier();
  const clock = { now };
  const kicks: string[] = [];
  const make = () => createServices({ client, keys: KEYS, notifier, now: () => clock.now, kick: (id) => void kicks.push(id), ...opts });
  return { ots, client, services: make(), notifier, clock, kicks, other: make, stop: () => ots.stop() };
}

export function actor(id: string): StaffActor {
  const s = findStaff(seedData, id);
  if (!s) throw new Error(`no staff ${id}`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

/** Staff of a department by suffix, e.g. staff('yinzhou-police', 'handler1'). */
export const staff = (department: string, suffix: string): StaffActor => actor(`${department}-${suffix}`);
