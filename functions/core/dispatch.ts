/**
 * How the dispatcher turns a delivered effect into a pure core call. Sub-task effects become a
 * system command on the target sub-task (idempotent: a repeat returns `changed: false`); a share
 * carries only the fields the consumer declared, projected here before anything moves.
 */
import type { Effect } from './effects.js';
import { projectMaterial, type MaterialRecord } from './materials.js';
import type { SubTaskCommand } from './subtask.js';

export type EffectAction =
  | { target: 'subTask'; itemId: string; command: SubTaskCommand }
  | { target: 'case' } // completeCase(case, states, bundle, system, now)
  | { target: 'queue' } // put or delete the queue row
  | { target: 'platform' }; // work notification / to-do through the 浙政钉 or DingTalk adapter

/**
 * The action for an effect. A shareMaterial effect needs the issued material record; it returns
 * null when the record is missing (the dispatcher retries later).
 */
export function actionForEffect(effect: Effect, material?: MaterialRecord): EffectAction | null {
  switch (effect.kind) {
    case 'shareMaterial':
      if (!material || material.type !== effect.material) return null;
      return {
        target: 'subTask',
        itemId: effect.toItem,
        command: {
          type: 'receiveMaterial',
          material: effect.material,
          fromItem: effect.fromItem,
          fields: projectMaterial(material, effect.fields),
          attachments: [...material.attachments],
        },
      };
    case 'releaseSubTask':
      return { target: 'subTask', itemId: effect.itemId, command: { type: 'release' } };
    case 'cancelSubTask':
      return { target: 'subTask', itemId: effect.itemId, command: { type: 'cancel', reason: effect.reason } };
    case 'completeCase':
      return { target: 'case' };
    case 'enqueue':
    case 'dequeue':
      return { target: 'queue' };
    case 'notify':
    case 'createTodo':
    case 'finishTodo':
      return { target: 'platform' };
  }
}
