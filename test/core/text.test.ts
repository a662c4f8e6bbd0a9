/**
 * The core's text rule (functions/core/text.ts) and the core checks that apply it: required text must
 * contain visible characters; control and bidi characters are refused in every text field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withdrawCase } from '../../functions/core/case.js';
import { parseStaffCommand } from '../../functions/core/commandParsing.js';
import { isDomainError } from '../../functions/core/errors.js';
import { checkFieldValue } from '../../functions/core/fieldValue.js';
import { parseIntake } from '../../functions/core/intake.js';
import { authorizeArchiveRead } from '../../functions/core/policy.js';
import { precheck } from '../../functions/core/precheck.js';
import { fileNameIssues, hasVisibleText, jsonTextIssues, textProblems, visibleLength } from '../../functions/core/text.js';
import { actor, birthBundle, birthValues, NOW, seedDirectory, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';

/** Characters that show nothing: white space, zero-width and other format characters, fillers, marks alone. */
const INVISIBLE = [
  ' ', '\t', '\n', '\r', '\u00a0', '\u1680', '\u2000', '\u2003', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e', '\u2061', '\u2064', '\u3164', '\u115f', '\u1160',
  '\uffa0', '\u2800', '\ufe0f', '\u0301', '\u{e0041}', '\u{e0001}',
];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const CONTROLS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)),
  '\u007f',
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
];

const invisibleText = fc.array(fc.constantFrom(...INVISIBLE), { minLength: 0, maxLength: 40 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
/** Text made of visible characters only: CJK, ASCII letters and digits, punctuation. */
const visibleText = fc
  .array(fc.constantFrom(...'王小满李秀梅出生医学证明核对户籍abcXYZ0123456789.-_（）：、'.split('')), { minLength: 1, maxLength: 30 })
  .map((a) => a.join(''));

describe('the text rule', () => {
  it('examples: what the tester sent is refused, ordinary text is not', () => {
    expect(textProblems('\u200b\u200b', { required: true })).toEqual(['NO_VISIBLE_TEXT']);
    expect(textProblems('\u200b\u200b\u200b', { required: true, multiline: true })).toEqual(['NO_VISIBLE_TEXT']);
    expect(textProblems('王\u0000小满')).toEqual(['CONTROL_CHARACTER']);
    expect(textProblems('\u202efdp.exe')).toEqual(['BIDI_CONTROL']);
    expect(textProblems('第一行\n第二行\t缩进\r\n', { multiline: true, required: true })).toEqual([]);
    expect(textProblems('第一行\n第二行')).toEqual(['LINE_BREAK']);
    expect(textProblems('a\ud800b')).toEqual(['BROKEN_CHARACTER']);
    expect(textProblems('出生医学证明（存根）扫描件.pdf', { required: true })).toEqual([]);
    // Zero-width joiners inside visible text (emoji sequences) are not refused; they just do not count.
    expect(textProblems('👨\u200d👩\u200d👧 一家', { required: true })).toEqual([]);
    expect(visibleLength('核\u200b对')).toBe(2);
    expect(visibleLength('\u200b\u200b')).toBe(0);
  });

  it('any string made only of invisible characters is refused as required text', () => {
    fc.assert(
      fc.property(invisibleText, fc.boolean(), (s, multiline) => {
        expect(hasVisibleText(s)).toBe(false);
        expect(visibleLength(s)).toBe(0);
        expect(textProblems(s, { required: true, multiline })).toContain('NO_VISIBLE_TEXT');
      }),
    );
  });

  it('any string containing a bidi control is refused, required or not, single- or multi-line', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...BIDI), anyText, fc.boolean(), fc.boolean(), (a, b, c, multiline, required) => {
        expect(textProblems(a + b + c, { multiline, required })).toContain('BIDI_CONTROL');
        expect(jsonTextIssues({ deep: [{ [`k${a.length}`]: a + b + c }] }).map((i) => i.code)).toContain('BIDI_CONTROL');
      }),
    );
  });

  it('any string containing a control character (C0 but TAB/LF/CR, DEL, C1) is refused', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...CONTROLS), anyText, fc.boolean(), (a, b, c, multiline) => {
        expect(textProblems(a + b + c, { multiline })).toContain('CONTROL_CHARACTER');
      }),
    );
  });

  it('visible text with invisible characters around it is accepted and counted by its visible characters', () => {
    fc.assert(
      fc.property(invisibleText.map((s) => s.replace(/[\t\n\r\u2028\u2029]/g, '')), visibleText, (pad, s) => {
        expect(textProblems(pad + s + pad, { required: true })).toEqual([]);
        expect(visibleLength(pad + s + pad)).toBe([...s].length);
      }),
    );
  });

  it('file names: visible, one line, no path, no control or bidi characters', () => {
    expect(fileNameIssues('出生医学证明.pdf')).toEqual([]);
    for (const bad of ['\u202efdp.exe', 'a\u0000.pdf', '\u200b\u200b', '', 'a\nb.pdf', '../a.pdf', 'x'.repeat(201)]) expect(fileNameIssues(bad), bad).not.toEqual([]);
  });

  it('property names of a document are checked too', () => {
    expect(jsonTextIssues({ ['a\u202eb']: 'x' })).toMatchObject([{ field: 'a\u202eb', code: 'BIDI_CONTROL' }]);
    expect(jsonTextIssues({ ok: ['line\nbreak', 1, true, null] })).toEqual([]);
  });
});

describe('the core checks apply it', () => {
  it('a purpose of zero-width spaces does not open an archive', () => {
    const clerk = actor(CLERK);
    expect(authorizeArchiveRead(clerk, '核对户籍', seedDirectory)).toBeNull();
    for (const p of ['\u200b\u200b', '\ufeff\u2060\u200c', '核\u200b', '核对\u202e']) {
      expect(authorizeArchiveRead(clerk, p, seedDirectory)?.code, JSON.stringify(p)).toBe('VALIDATION_FAILED');
    }
  });

  it('a withdrawal reason of zero-width spaces or with a control character withdraws nothing', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    for (const reason of ['\u200b\u200b\u200b', '\u3000\u200d\u3000', '撤回\u0000原因', '撤回\u202e原因']) {
      const r = withdrawCase(w.case, w.states(), reason, actor(CLERK), NOW, seedDirectory);
      expect(isDomainError(r) && r.code, JSON.stringify(reason)).toBe('VALIDATION_FAILED');
    }
  });

  it('comments, reasons and correction items: invisible-only or with control/bidi characters are refused', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    const hospital = staffOf('haishu-hospital1', 'handler1');
    const commands = [
      [{ type: 'comment', text: '\u200b' }, hospital],
      [{ type: 'comment', text: '已\u0000核对' }, hospital],
      [{ type: 'comment', text: '\u202e对核已' }, hospital],
      [{ type: 'urge', text: '\u2060\u2060' }, actor('haishu-serviceCenter-supervisor1')],
    ] as const;
    for (const [c, who] of commands) {
      const r = w.act('birthCertificate', c, who);
      expect(isDomainError(r) && r.code, JSON.stringify(c)).toBe('VALIDATION_FAILED');
    }
    expect(isDomainError(w.act('birthCertificate', { type: 'comment', text: '已核对\n第二行' }, hospital))).toBe(false);
    expect(isDomainError(w.act('birthCertificate', { type: 'claim' }, hospital))).toBe(false);
    const back = w.act('birthCertificate', { type: 'returnForCorrection', reason: '\u200b\u200b', items: ['\u200b'] }, hospital);
    expect(isDomainError(back) && back.issues.map((i) => i.field).sort()).toEqual(['items', 'reason']);
  });

  it('form values: names with NUL or U+202E and invisible-only names are refused by the field check and the pre-check', () => {
    const name = birthBundle.fields.find((f) => f.key === 'motherName');
    if (!name) throw new Error('no motherName');
    const ctx = { today: '2026-03-02' };
    expect(checkFieldValue(name, '李秀梅', ctx)).toEqual([]);
    expect(checkFieldValue(name, '李\u0000秀梅', ctx).map((i) => i.code)).toEqual(['CONTROL_CHARACTER']);
    expect(checkFieldValue(name, '\u202e梅秀李', ctx).map((i) => i.code)).toEqual(['BIDI_CONTROL']);
    expect(checkFieldValue(name, '李\n秀梅', ctx).map((i) => i.code)).toEqual(['LINE_BREAK']);
    expect(checkFieldValue(name, '\u200b\u200b', ctx).map((i) => i.code)).toEqual(['NO_VISIBLE_TEXT']);
    const notice = precheck({
      bundle: birthBundle, values: birthValues({ motherName: '\u200b\u200c', babyName: '王\u202e满' }), chosenOptional: [], providedMaterials: ['householdBook', 'marriageCertificate'],
      acceptingDistrict: '330203', directory: seedDirectory, now: NOW,
    });
    expect(notice.ok).toBe(false);
    const named = notice.issues.filter((i) => i.field === 'motherName' || i.field === 'babyName').map((i) => `${i.field} ${i.code}`);
    expect(named.sort()).toEqual(['babyName BIDI_CONTROL', 'motherName NO_VISIBLE_TEXT']);
  });

  it('parsed bodies: a command or an intake with a control or bidi character anywhere, or a bad file name, is refused', () => {
    const cmd = parseStaffCommand({ type: 'comment', text: 'a\u0085b' });
    expect(isDomainError(cmd) && cmd.issues[0]).toMatchObject({ field: 'text', code: 'CONTROL_CHARACTER' });
    const attachment = { sha256: 'a'.repeat(64), name: '\u202efdp.exe', size: 1, mime: 'application/pdf' };
    const intake = parseIntake({ bundleId: 'birth', chosenOptional: [], values: {}, supplied: [{ type: 'householdBook', data: {}, attachments: [attachment] }] });
    expect(isDomainError(intake) && intake.issues).toEqual([expect.objectContaining({ field: 'supplied.0.attachments.0.name', code: 'BIDI_CONTROL' })]);
    const invisible = parseIntake({ bundleId: 'birth', chosenOptional: [], values: {}, supplied: [{ type: 'householdBook', data: {}, attachments: [{ ...attachment, name: '\u200b' }] }] });
    expect(isDomainError(invisible) && invisible.issues.map((i) => i.code)).toEqual(['NO_VISIBLE_TEXT']);
    expect(isDomainError(parseIntake({ bundleId: 'birth', chosenOptional: [], values: { motherName: '李秀梅' } }))).toBe(false);
  });
});
