import { describe, expect, it } from 'vitest';
import { RULES } from './rules';

describe('the rules\' words', () => {
  it('give every rule a title, an explanation and a source in both languages, from the catalogue', () => {
    for (const r of RULES) {
      for (const text of [r.titleZh, r.titleEn, r.explanationZh, r.explanationEn, r.sourceZh, r.sourceEn]) {
        expect(text, r.id).not.toMatch(/^(rule|document)\./);
        expect(text, r.id).not.toMatch(/\bseeds? \d/);
      }
      expect(r.sourceEn, r.id).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('cite the documents by name, as a civil servant expects, then the clause', () => {
    const incidence = RULES.find((r) => r.id === 'village.incidence')!;
    expect(incidence.sourceZh).toBe('《贫困村退出核查标准》（附件1） (一)「贫困发生率降至2%以下」');
    expect(incidence.sourceEn).toContain('Verification standard for poor villages\' exit (Annex 1)');
    expect(RULES.find((r) => r.id === 'road.width')!.sourceZh).toContain('《乡村扶贫工作总结十篇》');
  });
});
