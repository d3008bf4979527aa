/**
 * A survey as a Teams Adaptive Card: sent through the outbound path to the
 * stand-in Bot Connector with Input.ChoiceSet / Input.Text fields and one
 * Action.Execute submit, answered by the recorded adaptiveCard/action invoke
 * (every field at once), and changed by submitting again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSurveyDefinition } from '../../src/surveys/definition.js';
import { PERSONAL_CONVERSATION, USER_AAD, UNAUTHENTICATED, cardActions, cardOf, startTeamsApp, type TeamsTestApp } from './harness.js';

const FILE = `
key: teams-pulse
title: { en: "Pulse", zh-CN: "脉搏" }
questions:
  - { id: ease, type: rating, title: { en: "Easy?", zh-CN: "容易吗？" } }
  - id: modules
    type: multiple_choice
    title: { en: "Modules?", zh-CN: "模块？" }
    options: [{ id: finance, label: { en: Finance, zh-CN: 财务 } }, { id: hr, label: { en: HR, zh-CN: 人事 } }]
  - { id: note, type: text, required: false, title: { en: "Comments", zh-CN: "意见" } }
schedule: { type: once, at: "2030-01-01T10:00", tz: UTC }
`;

describe('a survey on Teams', () => {
  let h: TeamsTestApp;
  beforeAll(async () => {
    h = await startTeamsApp(UNAUTHENTICATED);
    await h.post(await h.fixture('message_personal')); // the 1:1 chat the bot may write to later
  });
  afterAll(async () => h?.close());

  it('arrives as an Adaptive Card with inputs and is answered (and changed) by submitting it', async () => {
    const db = h.t.db.prisma;
    const tenantId = await h.teamsTenantId();
    const parsed = parseSurveyDefinition(FILE, 'teams.yaml');
    if (!parsed.ok) throw new Error('definition');
    const survey = await db.survey.create({ data: { tenantId, key: parsed.survey.key, definition: parsed.survey as object } });
    const now = Date.now();
    const run = await db.surveyRun.create({ data: { tenantId, surveyId: survey.id, occurrenceKey: 'once', status: 'open', opensAt: new Date(now - 1000), closesAt: new Date(now + 86_400_000) } });
    const user = await db.user.findFirstOrThrow({ where: { platform: 'teams', platformUserId: USER_AAD } });
    const invite = await db.surveyInvite.create({ data: { tenantId, runId: run.id, userId: user.id } });
    h.connector.calls.length = 0;

    expect(await h.t.app.surveys.runs.sendInvite(invite.id)).toBe('sent');
    const card = cardOf(h.connector.calls.find((c) => c.kind === 'send'));
    const inputs = (card.body as any[]).filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((i) => [i.type, i.id])).toEqual([['Input.ChoiceSet', 'q.ease'], ['Input.ChoiceSet', 'q.modules'], ['Input.Text', 'q.note']]);
    expect(inputs[1].isMultiSelect).toBe(true);
    const [submit] = cardActions(card);
    expect(submit).toMatchObject({ type: 'Action.Execute', verb: 'survey.submit', fallback: { type: 'Action.Submit' } });

    const invoke = async (fields: Record<string, string>, id: string) => {
      const activity = await h.fixture('invoke_adaptiveCard_action', { id, conversation: { id: PERSONAL_CONVERSATION, conversationType: 'personal', tenantId: (await h.fixture('message_personal')).conversation.tenantId } });
      activity.value = { action: { type: 'Action.Execute', verb: submit.verb, data: { ...submit.data, ...fields } }, trigger: 'manual' };
      return h.post(activity);
    };
    const first = await invoke({ 'q.ease': '2', 'q.modules': 'finance,hr', 'q.note': 'Needs <b>bold</b> fixes' }, 'invoke-1');
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain('Saved 3 answers');
    await invoke({ 'q.ease': '4', 'q.modules': 'hr', 'q.note': 'Needs <b>bold</b> fixes' }, 'invoke-2');
    const response = await db.surveyResponse.findFirstOrThrow({ where: { runId: run.id } });
    expect(response.answers).toEqual({ ease: 4, modules: ['hr'], note: 'Needs <b>bold</b> fixes' });
    const bad = await invoke({ 'q.ease': '7' }, 'invoke-3');
    expect(JSON.stringify(bad.body)).toContain('does not fit');
  });
});
