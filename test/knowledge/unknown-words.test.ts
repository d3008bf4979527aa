import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex, RECOMMENDED_THRESHOLD } from '../../src/knowledge/search/index.js';
import { nameLikeWords } from '../../src/knowledge/text/names.js';
import { demoDocs } from './fixtures.js';

describe('words no article uses', () => {
  let demo: KnowledgeIndex;
  beforeAll(async () => {
    demo = new KnowledgeIndex(await demoDocs());
  });

  it.each(['怎么在Odoo里请假', 'how do I request leave in SAP'])('do not sink a question the rest of it answers: %s', (question) => {
    const hit = demo.search(question)[0]!;
    expect(hit.slug).toBe('leave-request');
    expect(hit.confidence).toBeGreaterThanOrEqual(RECOMMENDED_THRESHOLD);
  });

  it.each(['how do I request a unicorn', 'Odoo的股价是多少', 'what is the Odoo share price', '怎么申请一只独角兽'])(
    'still keep an off-topic question below the threshold: %s',
    (question) => {
      for (const hit of demo.search(question)) expect(hit.confidence).toBeLessThan(RECOMMENDED_THRESHOLD);
    },
  );

  it('a name alone finds nothing', () => {
    expect(demo.search('SAP')).toEqual([]);
  });
});

describe('nameLikeWords', () => {
  it('takes acronyms, inner capitals and Latin words in Chinese questions', () => {
    expect([...nameLikeWords('how do I request leave in SAP on my iPhone')]).toEqual(['sap', 'iphone']);
    expect([...nameLikeWords('怎么在Odoo里请假')]).toEqual(['odoo']);
  });

  it('not ordinary or merely capitalised words', () => {
    expect([...nameLikeWords('How do I switch to French in Shanghai')]).toEqual([]);
    expect([...nameLikeWords('how do I request a unicorn')]).toEqual([]);
  });
});
