/** Survey definition files: a valid file, and a broken one that reports every problem with its line. */
import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition } from '../../src/surveys/definition.js';

const valid = `key: d30-pulse
title:
  en: How is the new system going?
  zh-CN: 新系统用得怎么样？
anonymous: true
priority: 50
questions:
  - id: ease
    type: rating
    title:
      en: How easy is it to use?
      zh-CN: 使用起来容易吗？
  - id: recommend
    type: nps
    title:
      en: Would you recommend it to a colleague?
      zh-CN: 您会向同事推荐吗？
  - id: module
    type: single_choice
    title: { en: Which module do you use most?, zh-CN: 您最常用哪个模块？ }
    options:
      - { id: hr, label: { en: HR, zh-CN: 人事 } }
      - { id: finance, label: { en: Finance, zh-CN: 财务 } }
  - id: pains
    type: multiple_choice
    title: { en: What slows you down?, zh-CN: 什么拖慢了您？ }
    options:
      - { id: login, label: { en: Login, zh-CN: 登录 } }
      - { id: speed, label: { en: Speed, zh-CN: 速度 } }
    maxSelections: 2
  - id: comment
    type: text
    required: false
    title: { en: Anything else?, zh-CN: 还有其他意见吗？ }
targeting: { type: waves, waves: [Pilot, Wave 2] }
schedule: { type: relative, days: [7, 30, 90], at: '10:00', tz: Asia/Shanghai }
reminderAfterHours: 48
closesAfterDays: 5
`;

describe('parseSurveyDefinition', () => {
  it('reads a valid YAML file with defaults applied', () => {
    const result = parseSurveyDefinition(valid, 'd30.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.survey.key).toBe('d30-pulse');
    expect(result.survey.anonymous).toBe(true);
    expect(result.survey.questions.map((q) => q.type)).toEqual(['rating', 'nps', 'single_choice', 'multiple_choice', 'text']);
    expect(result.survey.questions[0]?.required).toBe(true);
    expect(result.survey.schedule).toEqual({ type: 'relative', days: [7, 30, 90], at: '10:00', tz: 'Asia/Shanghai' });
    expect(result.survey.targeting).toEqual({ type: 'waves', waves: ['Pilot', 'Wave 2'] });
  });

  it('reads the same survey as JSON, and defaults anonymous, priority, targeting and closesAfterDays', () => {
    const json = JSON.stringify({
      key: 'once',
      title: { en: 'T', 'zh-CN': '题' },
      questions: [{ id: 'q', type: 'nps', title: { en: 'Q', 'zh-CN': '问' } }],
      schedule: { type: 'once', at: '2026-03-02T10:00', tz: 'Europe/Berlin' },
    });
    const result = parseSurveyDefinition(json, 'once.json');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.survey).toMatchObject({ anonymous: false, priority: 100, targeting: { type: 'everyone' }, closesAfterDays: 7 });
  });

  it('reports every problem at once, each with its path and YAML line', () => {
    const broken = `key: Bad Key
title:
  en: Hello
questions:
  - id: a
    type: rating
    title: { en: A, zh-CN: 甲 }
  - id: a
    type: single_choice
    title: { en: B, zh-CN: 乙 }
    options:
      - { id: x, label: { en: X, zh-CN: 叉 } }
      - { id: x, label: { en: Y } }
  - id: c
    type: slider
    title: { en: C, zh-CN: 丙 }
targeting: { type: departments, departments: [] }
schedule: { type: relative, days: [7, 7], at: '25:00', tz: Mars/Olympus }
reminderAfterHours: 200
colour: blue
`;
    const result = parseSurveyDefinition(broken, 'broken.yaml');
    if (result.ok) throw new Error('expected problems');
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p]));
    expect(byPath['key']?.line).toBe(1);
    expect(byPath['title.zh-CN']).toMatchObject({ line: 2, message: 'missing: the zh-CN text' });
    expect(byPath['questions[1].id']).toMatchObject({ line: 8, message: 'question id "a" is already used by question 1' });
    expect(byPath['questions[1].options[1].id']?.line).toBe(13);
    expect(byPath['questions[1].options[1].label.zh-CN']?.line).toBe(13);
    expect(byPath['questions[2].type']?.line).toBe(15);
    expect(byPath['targeting.departments']?.line).toBe(17);
    expect(byPath['schedule.days']?.message).toBe('days must not repeat');
    expect(byPath['schedule.at']?.line).toBe(18);
    expect(byPath['schedule.tz']?.message).toMatch(/time zone/);
    expect(byPath['reminderAfterHours']).toMatchObject({ line: 19 });
    expect(byPath['colour']).toMatchObject({ line: 20, message: 'unknown field "colour"' });
    expect(result.problems.length).toBe(12);
  });

  it('reports a YAML syntax error with its line and no survey', () => {
    const result = parseSurveyDefinition('key: a\ntitle: [unclosed\n', 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/^x\.yaml is not valid YAML/);
  });

  it('refuses a file that is not a map', () => {
    const result = parseSurveyDefinition('- a\n- b\n', 'list.yaml');
    expect(result).toEqual({ ok: false, problems: [{ path: '', line: 1, message: 'list.yaml must hold one survey (a map of "key: value")' }] });
  });

  it('refuses a recurring schedule with a malformed cron and a once schedule with an offset', () => {
    const base = `key: k\ntitle: { en: T, zh-CN: 题 }\nquestions: [{ id: q, type: nps, title: { en: Q, zh-CN: 问 } }]\n`;
    const cron = parseSurveyDefinition(`${base}schedule: { type: recurring, cron: 'every monday', tz: UTC }\n`, 'c.yaml');
    expect(cron.ok ? [] : cron.problems.map((p) => p.path)).toEqual(['schedule.cron']);
    const once = parseSurveyDefinition(`${base}schedule: { type: once, at: '2026-03-02T10:00+08:00', tz: UTC }\n`, 'o.yaml');
    expect(once.ok ? [] : once.problems.map((p) => p.path)).toEqual(['schedule.at']);
    const february30 = parseSurveyDefinition(`${base}schedule: { type: once, at: '2026-02-30T10:00', tz: UTC }\n`, 'f.yaml');
    expect(february30.ok ? [] : february30.problems).toEqual([{ path: 'schedule.at', line: 4, message: 'is not a date in the calendar' }]);
    const good = parseSurveyDefinition(`${base}schedule: { type: recurring, cron: '0 10 * * 1', tz: UTC }\n`, 'g.yaml');
    expect(good.ok).toBe(true);
  });
});
