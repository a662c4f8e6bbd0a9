import { describe, expect, it } from 'vitest';
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import { caseInfoOf } from '../../functions/core/case.js';
import { actionLabels } from '../../functions/core/events.js';
import { subTaskView, viewLabels } from '../../functions/core/view.js';
import { birthBundle, birthValues, calendar, NOW, outputsFor, seedDirectory, staffOf, World } from './fixtures.js';

describe('view labels: a page names every field and material of a sub-task view in Chinese', () => {
  const w = World.accept(birthBundle, birthValues(), 'haishu-serviceCenter-clerk1');
  w.act('birthCertificate', { type: 'claim' }, staffOf('haishu-hospital1', 'handler1'));
  w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, staffOf('haishu-hospital1', 'signer1'));
  const item = birthBundle.items.find((i) => i.id === 'householdRegistration');
  if (!item) throw new Error('householdRegistration');
  const view = subTaskView(staffOf('yinzhou-police', 'handler1'), w.get('householdRegistration'), item, caseInfoOf(w.case), seedDirectory, calendar, NOW);
  if (!view) throw new Error('no view');
  const labels = viewLabels(birthBundle, view, seedDirectory);

  it('has a Chinese label for every form key and every input material field the view shows', () => {
    for (const key of Object.keys(view.form)) expect(labels.fields[key]?.label, key).toMatch(/[\u4e00-\u9fa5]/);
    for (const [material, fields] of Object.entries(view.inputs)) {
      expect(labels.materials[material]?.name, material).toMatch(/[\u4e00-\u9fa5]/);
      for (const key of Object.keys(fields)) expect(labels.materials[material].fields[key]?.label, `${material}.${key}`).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('gives the labels of choice values, and the department and district by name', () => {
    expect(labels.fields.babySex?.options?.male).toBe('男');
    expect(labels.departmentName).toBe(seedDirectory.departments.find((d) => d.id === view.department)?.name);
    expect(labels.districtName).toBe('鄞州区');
    expect(labels.departmentName).not.toBe(view.department);
  });

  it('names the values of district and department fields (鄞州区, the hospital), never only their codes', () => {
    expect(labels.fields.residenceDistrict?.options?.['330212']).toBe('鄞州区');
    expect(labels.fields.birthHospital?.options?.['haishu-hospital1']).toBe(seedDirectory.departments.find((d) => d.id === 'haishu-hospital1')?.name);
  });
});

describe('action labels: one table (core/events.ts) for the timeline and the mini-app', () => {
  it('names every staff action of the command schema, verb first', () => {
    const types = commandSchema.oneOf.flatMap((b) => {
      const t: { const?: string; enum?: string[] } = b.properties.type;
      return t.const ? [t.const] : (t.enum ?? []);
    });
    expect(types.length).toBeGreaterThan(10);
    for (const t of types) expect(actionLabels[t], t).toMatch(/^[\u4e00-\u9fa5]+$/);
    expect([actionLabels.resubmit, actionLabels.decideExtension]).toEqual(['提交补正', '审批延期']);
  });
});
