import type { ComponentChildren } from 'preact';
import type { FieldDef } from '../../lib/fields';
import type { MaterialDef } from '../types';

/** The agent block as the form endpoint sends it (core agent.ts): the fields and the 授权委托书's material type. */
export interface AgentSpec {
  fields: FieldDef[];
  authorization: MaterialDef;
}

/** How the intake names an agent: none (the applicant in person), another person, or — at a village point — the 代办员 themself. */
export type AgentMode = 'none' | 'other' | 'self';

/** The form's agent fields keyed as the submission's `agent` object and the server's issues name them (agent.name …). */
const KEYS: Record<string, string> = { agentName: 'agent.name', agentIdNumber: 'agent.idNumber', agentPhone: 'agent.phone', agentRelation: 'agent.relation' };

export function agentFieldDefs(spec: AgentSpec): FieldDef[] {
  return spec.fields.map((f) => ({ ...f, key: KEYS[f.key] || f.key }));
}

/** The submission's `agent` from the form values (nothing for mode none / self: a village 代办员 is the agent by default). */
export function agentOf(mode: AgentMode, values: Record<string, string>): Record<string, string> | undefined {
  if (mode !== 'other') return undefined;
  const out: Record<string, string> = {};
  ['name', 'idNumber', 'phone', 'relation'].forEach((k) => {
    const v = (values['agent.' + k] || '').trim();
    if (v) out[k] = v;
  });
  return { name: '', relation: '', ...out };
}

/**
 * 帮办代办: a checkbox 「代办」 revealing the agent's fields and the 授权委托书 (its fields and scan: `authorization`).
 * At a village point the 代办员 is the agent unless 「由其他人代办」 is ticked.
 */
export function AgentBlock(props: {
  mode: AgentMode;
  village: boolean;
  staffName: string;
  onMode: (m: AgentMode) => void;
  fields: ComponentChildren;
  authorization: ComponentChildren;
}) {
  const { mode, village } = props;
  const checked = mode !== 'none';
  return (
    <div data-testid="agent-block">
      <div class="lb-section-title">帮办代办</div>
      <div class="lb-card lb-form">
        {village ? (
          <div>
            <div class="lb-meta" data-testid="agent-self">{'代办人：' + props.staffName + '（本村（社区）代办员）'}</div>
            <label class="lb-check">
              <input type="checkbox" data-testid="agent-other" checked={mode === 'other'} onChange={(e) => props.onMode((e.target as HTMLInputElement).checked ? 'other' : 'self')} />
              {' 由其他人代办'}
            </label>
          </div>
        ) : (
          <label class="lb-check">
            <input type="checkbox" data-testid="agent-toggle" checked={checked} onChange={(e) => props.onMode((e.target as HTMLInputElement).checked ? 'other' : 'none')} />
            {' 代办（由他人代为申请）'}
          </label>
        )}
        {mode === 'other' ? props.fields : null}
      </div>
      {checked ? props.authorization : null}
    </div>
  );
}
