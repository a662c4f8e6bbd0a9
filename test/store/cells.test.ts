// The case row's JSON cells: deflated with the frozen preset dictionary behind a tag byte; cells written
// before the tag (plain raw deflate) still read; the dictionary makes small cells much smaller.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CELL_DICTIONARY_V1 } from '../../functions/store/cellDictionary.js';
import { cellText, pack, unpack } from '../../functions/store/caseRecord.js';

const event = [{
  id: 'yinzhou-20260415-0007/householdRegistration#3', caseId: 'yinzhou-20260415-0007', itemId: 'householdRegistration', action: 'claim',
  actor: { kind: 'staff', id: 'yinzhou-police-handler2', name: '陈晓东', district: '330212', department: 'yinzhou-police' },
  at: '2026-04-16T01:23:45.000Z', from: 'ready', to: 'claimed', reason: null, detail: { dueDate: '2026-04-20', provisional: false },
}];

describe('packed cells', () => {
  it('round-trip through the dictionary format, tagged 0x06', () => {
    const cell = pack(event);
    expect(cell[0]).toBe(0x06);
    expect(unpack(cell)).toEqual(event);
    expect(cellText(cell)).toBe(JSON.stringify(event));
  });

  it('read cells written as plain raw deflate (before the tag) and text cells', () => {
    const legacy = deflateRawSync(Buffer.from(JSON.stringify(event), 'utf8'));
    expect(unpack(legacy)).toEqual(event);
    expect(unpack('{"a":1}')).toEqual({ a: 1 });
    expect(unpack(undefined)).toBeNull();
  });

  it('are well under half the plain deflated size for a timeline event', () => {
    const plain = deflateRawSync(Buffer.from(JSON.stringify(event), 'utf8'), { level: 9 }).length;
    expect(pack(event).length).toBeLessThan(plain / 2);
  });

  it('use a dictionary that never changes (stored cells depend on its exact bytes)', () => {
    expect(createHash('sha256').update(CELL_DICTIONARY_V1).digest('hex')).toBe('fd332263dfb691819d0cf83fb7b51359d47694c67a0d4e7f5081f92c053ae056');
    const cell = pack(event);
    const changed = Buffer.from(CELL_DICTIONARY_V1);
    for (let i = 0; i < changed.length; i++) changed[i] = changed[i] === 0x22 ? 0x27 : changed[i]; // " → '
    let text = '';
    try {
      text = inflateRawSync(cell.subarray(1), { dictionary: changed }).toString('utf8');
    } catch {
      text = '';
    }
    expect(text).not.toBe(JSON.stringify(event));
  });
});
