import type { ComponentChildren } from 'preact';
import { CASE_STATES, SUBTASK_STATES } from '../lib/states';

export type TagTone = 'blue' | 'green' | 'orange' | 'red' | 'grey';

export function Tag(props: { tone?: TagTone; children: ComponentChildren; testid?: string }) {
  return (
    <span class={'lb-tag lb-tag--' + (props.tone || 'grey')} data-testid={props.testid}>
      {props.children}
    </span>
  );
}

/** The coloured tag for a sub-task (or, with `kind="case"`, a case) state; unknown states show raw. */
export function StateTag(props: { state: string; kind?: 'subtask' | 'case' }) {
  const known = (props.kind === 'case' ? CASE_STATES : SUBTASK_STATES)[props.state];
  return (
    <span class={'lb-tag lb-tag--' + (known ? known.tone : 'grey')} data-testid="state-tag" data-state={props.state}>
      {known ? known.label : props.state}
    </span>
  );
}
