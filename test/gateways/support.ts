// Shared setup for the gateway-fake tests: a controllable clock, demo users and app credentials.
import { startGateways, type Gateways, type GatewayUser } from '../../scripts/gateways/index';

export const ZZD = { appKey: 'test-zzd-key', appSecret: 'test-zzd-secret', tenantId: '196729' };
export const DING = { appKey: 'test-ding-key', appSecret: 'test-ding-secret', agentId: '2001' };

export const USERS: GatewayUser[] = [
  { accountId: '10001', employeeCode: 'GE_clerk_1', dingUserId: 'ding-clerk-1', name: '王晓燕' },
  { accountId: '10002', employeeCode: 'GE_handler_1', dingUserId: 'ding-handler-1', name: '李建国' },
  { accountId: 'admin-x', name: '超级管理员' },
];

/** A clock tests move by hand (ms since the epoch). */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 2, 3, 2, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function startTestGateways(clock: TestClock): Promise<Gateways> {
  return startGateways({ port: 0, zzd: ZZD, dingtalk: DING, users: USERS, now: clock.now });
}
