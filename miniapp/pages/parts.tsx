import type { ComponentChildren } from 'preact';
import { actionLabels } from '../../functions/core/events';
import { delegationText } from '../../functions/core/signedDelegation';
import { Card, InfoRow } from '../components/Card';
import { Timeline } from '../components/Timeline';
import type { TagTone } from '../components/Tag';
import { showValue, type FieldDef } from '../lib/fields';
import type { FieldLabels, TimelineEvent, Values } from './types';

/** Labels (core viewLabels) as display-only field definitions; choices keep their labels. */
export function defsOf(labels: FieldLabels): FieldDef[] {
  return Object.keys(labels).map((key) => {
    const o = labels[key].options || {};
    return { key, label: labels[key].label, type: 'text', options: Object.keys(o).length ? Object.keys(o).map((v) => ({ value: v, label: o[v] })) : undefined };
  });
}

/** Field values under their labels (in definition order when the definitions are known). */
export function ValuesCard(props: { title: string; values: Values; defs: FieldDef[]; testid?: string; children?: ComponentChildren }) {
  const keys = Object.keys(props.values);
  const byKey: Record<string, FieldDef> = {};
  props.defs.forEach((d) => (byKey[d.key] = d));
  const ordered = props.defs.map((d) => d.key).filter((k) => keys.indexOf(k) >= 0).concat(keys.filter((k) => !byKey[k]));
  if (!ordered.length && !props.children) return null;
  return (
    <Card title={props.title} testid={props.testid}>
      {ordered.map((k) => (
        <InfoRow key={k} label={byKey[k] ? byKey[k].label : k} testid={'value-' + k}>
          {showValue(byKey[k], props.values[k])}
        </InfoRow>
      ))}
      {props.children}
    </Card>
  );
}

const TONES: Record<string, TagTone> = {
  signOff: 'green', countersign: 'green', complete: 'green', accept: 'green',
  refuse: 'red', cancel: 'red', withdraw: 'red', close: 'red',
  returnForCorrection: 'orange', suspend: 'orange', urge: 'orange', raiseAlert: 'orange', requestExtension: 'orange',
  comment: 'grey', create: 'grey', release: 'grey', receiveMaterial: 'grey',
};

/** 转交 says to whom (the server names the department and person in `detail.toName`). */
function toWhom(e: TimelineEvent): string {
  const to = e.action === 'handOff' && e.detail ? e.detail.toName : null;
  return typeof to === 'string' && to ? '给 ' + to : '';
}

/** A seal applied under 集中授权 says so: the signing event names the delegation and both departments. */
function delegationLine(e: TimelineEvent): string | null {
  const d = e.detail;
  if (!d || typeof d.delegationId !== 'string') return null;
  return delegationText({ id: d.delegationId, fromDepartmentName: String(d.delegationFromName || d.delegationFrom || ''), toDepartmentName: String(d.delegationToName || '') });
}

/** Why, and on whose authority a window signed. */
function remarkOf(e: TimelineEvent): ComponentChildren {
  const line = delegationLine(e);
  if (!line) return e.reason || undefined;
  return (
    <div>
      {e.reason ? <div>{e.reason}</div> : null}
      <div class="lb-meta" data-testid="timeline-delegation">{line}</div>
    </div>
  );
}

/** Timeline records: who did what, when, and why (审批记录). */
export function EventTimeline(props: { events: TimelineEvent[]; withItem?: (itemId: string) => string }) {
  return (
    <Timeline
      entries={props.events.map((e) => ({
        id: e.id,
        title: (actionLabels[e.action] || e.action) + toWhom(e) + (e.itemId && props.withItem ? ' · ' + props.withItem(e.itemId) : ''),
        actor: e.actor.kind === 'system' ? '系统' : e.actor.name,
        time: e.at,
        remark: remarkOf(e),
        tone: TONES[e.action] || 'blue',
      }))}
    />
  );
}
