// 帮办代办 and 受理点 in the core (agent.ts, case.ts, precheck.ts): the agent's fields are checked like form fields
// and told in the one notice; the 授权委托书 with its scan is then required; the case keeps the agent masked and
// the full record goes with the intake (type `agent`); a village 代办员 is the agent of what they accept; the case
// records the accepting window's 受理点 and is routed as at the district hall.
import { describe, expect, it } from 'vitest';
import { agentIssues, agentLine, caseAgentOf, effectiveAgent } from '../../functions/core/agent.js';
import { acceptCase } from '../../functions/core/case.js';
import { isDomainError } from '../../functions/core/errors.js';
import { actor, birthBundle, birthSupplied, birthValues, calendar, intakeMaterial, makeId, NOW, seedDirectory } from './fixtures.js';

const AGENT_ID = makeId('330212', '1968-04-09', '015');
const AGENT = { name: '王建国', idNumber: AGENT_ID.toLowerCase(), phone: '13905745566', relation: 'relative' };
const SCAN = { sha256: 'a'.repeat(64), name: '授权委托书.pdf', size: 10, mime: 'application/pdf' };
const authorization = { ...intakeMaterial('agentAuthorization', {}), attachments: [SCAN] };

function accept(clerk: string, agent: Parameters<typeof effectiveAgent>[0], files: number | null, supplied = birthSupplied) {
  const who = actor(clerk);
  const effective = effectiveAgent(agent, who, seedDirectory);
  return acceptCase({
    caseId: 'LB-0001', bundle: birthBundle, values: birthValues(), chosenOptional: [], supplied, actor: who, now: NOW, directory: seedDirectory, calendar,
    agent: effective ? { agent: effective, authorizationFiles: files } : null,
  });
}

describe('the agent (帮办代办)', () => {
  it('every field problem at once, under agent.<field>', () => {
    const wrong = `${AGENT_ID.slice(0, 17)}${AGENT_ID.endsWith('1') ? '2' : '1'}`;
    const issues = agentIssues({ name: ' ', idNumber: wrong, phone: '12', relation: 'friend' }, '2026-03-02');
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['agent.name', 'REQUIRED'], ['agent.idNumber', expect.any(String)], ['agent.phone', expect.any(String)], ['agent.relation', expect.any(String)],
    ]);
    expect(issues.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true);
    expect(agentIssues(AGENT, '2026-03-02')).toEqual([]);
  });

  it('is masked as lists mask names, ID numbers and phone numbers', () => {
    const a = caseAgentOf(AGENT);
    expect(a).toEqual({ name: '王*国', idNumber: `3302**********${AGENT_ID.slice(-4)}`, phone: '139****5566', relation: 'relative', relationLabel: '亲属' });
    expect(agentLine(a)).toBe(`代办人：王*国 · 亲属 · 身份证 3302**********${AGENT_ID.slice(-4)}`);
  });

  it('a village 代办员 is the agent by default (no ID or phone asked); a town clerk is nobody\'s agent by default', () => {
    const village = effectiveAgent(undefined, actor('yinzhou-jiangshan-zoumatang-agent1'), seedDirectory);
    expect(village).toMatchObject({ relation: 'villageAgent', staffId: 'yinzhou-jiangshan-zoumatang-agent1' });
    expect(agentIssues(village!, '2026-03-02')).toEqual([]);
    expect(effectiveAgent(undefined, actor('yinzhou-jiangshan-clerk1'), seedDirectory)).toBeNull();
    expect(effectiveAgent(AGENT, actor('yinzhou-jiangshan-zoumatang-agent1'), seedDirectory)).toBe(AGENT);
  });

  it('the 授权委托书 is required, with its scan; the notice lists it once', () => {
    for (const files of [null, 0]) {
      const r = accept('yinzhou-jiangshan-clerk1', AGENT, files);
      expect(isDomainError(r) && r.code).toBe('PRECHECK_FAILED');
      expect(isDomainError(r) && r.issues.map((i) => i.field)).toEqual(['materials.agentAuthorization']);
    }
  });

  it('recorded on the case masked, stored in full with the intake, named in the accept event', () => {
    const r = accept('yinzhou-jiangshan-clerk1', AGENT, 1, [...birthSupplied, authorization]);
    if (isDomainError(r)) throw r;
    expect(r.case.agent).toEqual({ ...caseAgentOf(AGENT), authorization: { files: 1 } });
    expect(r.case.servicePoint).toEqual({ department: 'yinzhou-jiangshan', level: 'town' });
    const stored = r.materials.find((m) => m.type === 'agent');
    expect(stored?.data).toEqual({ agentName: '王建国', agentIdNumber: AGENT_ID, agentPhone: '13905745566', agentRelation: 'relative' });
    expect(r.materials.find((m) => m.type === 'agentAuthorization')?.attachments).toEqual([SCAN]);
    expect(r.events[0].detail).toMatchObject({ servicePoint: 'yinzhou-jiangshan', agent: 'relative' });
    expect(r.notice.materials).toContainEqual({ material: 'agentAuthorization', name: '授权委托书', source: 'applicant' });
    // no sub-task receives the agent or the authorisation
    for (const st of r.subTasks) expect(Object.keys(st.inputs)).not.toEqual(expect.arrayContaining(['agent']));
  });

  it('routed exactly as at the district hall (全区通办); the hall is the district level', () => {
    const hall = acceptCase({
      caseId: 'LB-0002', bundle: birthBundle, values: birthValues(), chosenOptional: [], supplied: birthSupplied, actor: actor('yinzhou-serviceCenter-clerk1'),
      now: NOW, directory: seedDirectory, calendar,
    });
    const village = accept('yinzhou-jiangshan-zoumatang-agent1', undefined, 1, [...birthSupplied, authorization]);
    if (isDomainError(hall) || isDomainError(village)) throw new Error('not accepted');
    expect(village.case.assignments).toEqual(hall.case.assignments);
    expect(hall.case.servicePoint).toEqual({ department: 'yinzhou-serviceCenter', level: 'district' });
    expect(village.case.servicePoint).toEqual({ department: 'yinzhou-jiangshan-zoumatang', level: 'village' });
    expect(village.case.agent).toMatchObject({ name: actor('yinzhou-jiangshan-zoumatang-agent1').name, relation: 'villageAgent', idNumber: null, staffId: 'yinzhou-jiangshan-zoumatang-agent1', authorization: { files: 1 } });
    expect(village.events[0].detail).toMatchObject({ agent: 'villageAgent', agentStaff: 'yinzhou-jiangshan-zoumatang-agent1' });
  });
});
