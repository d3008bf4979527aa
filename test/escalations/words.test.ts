import { it, expect } from 'vitest';
import { parseEscalationRequest, isStatusRequest, isCancelRequest, queueCommandOf, parseRefReply } from '../../src/bot/handlers/escalation-words.js';
it('recognises requests, cancel, status, queue and reference replies in both languages', () => {
  expect(parseEscalationRequest('Talk to an engineer')).toEqual({});
  expect(parseEscalationRequest('I need a person!')).toEqual({});
  expect(parseEscalationRequest('找工程师')).toEqual({});
  expect(parseEscalationRequest('找工程师：怎么报销')).toEqual({ question: '怎么报销' });
  expect(parseEscalationRequest('talk to an engineer: how do I post a goods receipt?')).toEqual({ question: 'how do I post a goods receipt?' });
  expect(parseEscalationRequest('人工智能怎么用')).toBeUndefined();
  expect(parseEscalationRequest('how do I talk to an engineer')).toBeUndefined();
  expect(isStatusRequest('Still waiting?')).toBe(true);
  expect(isStatusRequest('还在等吗？')).toBe(true);
  expect(isCancelRequest('取消')).toBe(true);
  expect(queueCommandOf('/hypercare queue')).toBe('queue');
  expect(queueCommandOf('我的求助')).toBe('mine');
  expect(parseRefReply('#a1b2c3 hello there')).toEqual({ ref: 'A1B2C3', text: 'hello there' });
});
