/**
 * A survey as a Slack DM: posted through the outbound path to the local Web
 * API stand-in as Block Kit (buttons, a dispatching text input), answered
 * with signed block_actions (buttons and the text field), the answer changed,
 * and the confirmation sent to the presser. conversations.history is never called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger } from '../../src/log.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { fixture } from './support/fake-slack.js';
import { postInteraction } from './support/signed.js';

const SLACK_USER = 'U0SURVEY01';

describe('a survey on Slack', () => {
  let t: SlackTestApp;
  let jobs: JobSystem;
  const prefix = uniquePrefix('slack-survey');

  beforeAll(async () => {
    jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix, closeTimeoutMs: 2_000 });
    t = await startSlackTestApp({ app: { jobs } });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.close();
    await t?.close();
    await deleteKeys(prefix);
  });

  it('arrives as Block Kit in a DM and is answered with buttons and the text field', async () => {
    const tenant = await t.app.tenants.ensure('slack', TEAM);
    await t.db.prisma.user.create({ data: { tenantId: tenant.id, platform: 'slack', platformUserId: SLACK_USER, displayName: 'Mei', platformLocale: 'zh-CN' } });
    const at = new Date(Date.now() - 60_000).toISOString().slice(0, 16);
    const applied = await t.app.surveys.service.apply(
      tenant.id,
      `key: slack-pulse
title: { en: "Pulse <!channel>", zh-CN: "脉搏调查" }
questions:
  - { id: ease, type: rating, title: { en: "Easy?", zh-CN: "容易吗？" } }
  - { id: nps, type: nps, title: { en: "Recommend?", zh-CN: "推荐吗？" } }
  - { id: note, type: text, required: false, title: { en: "Comments", zh-CN: "意见" } }
schedule: { type: once, at: "${at}", tz: UTC }`,
      'slack.yaml',
    );
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    const post = await waitFor(() => t.slack.callsOf('chat.postMessage')[0], 'the survey DM');
    expect(post.args.channel).toBe(fixture('api_conversations.open.json').channel.id);
    expect(t.slack.callsOf('conversations.open')).toHaveLength(1);
    const blocks = post.args.blocks as any[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '脉搏调查' } });
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.elements.length)).toEqual([5, 11]);
    const input = blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({ dispatch_action: true, element: { type: 'plain_text_input' } });

    const run = await t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: applied.surveyId } });
    const press = async (action: Record<string, unknown>) => {
      const click = fixture('interactive_block_actions.json');
      click.user = { ...click.user, id: SLACK_USER, team_id: TEAM };
      click.team = { id: TEAM, domain: 'x' };
      click.container = { type: 'message', message_ts: post.args.ts ?? '1700000000.000100', channel_id: post.args.channel, is_ephemeral: false };
      click.channel = { id: post.args.channel, name: 'directmessage' };
      click.response_url = t.slack.hookUrl(`actions/T/${Math.random()}`);
      click.actions = [{ ...click.actions[0], ...action }];
      expect((await postInteraction(t.baseUrl, click)).status).toBe(200);
      await t.idle();
      return t.slack.hooks.splice(0).map((h) => h.body);
    };
    const rating = actions[0].elements[1];
    const [saved] = await press({ action_id: rating.action_id, value: rating.value, type: 'button', action_ts: '1.1' });
    expect(saved.text).toContain('已保存');
    const nps = actions[1].elements[9];
    await press({ action_id: nps.action_id, value: nps.value, type: 'button', action_ts: '1.2' });
    const changed = actions[0].elements[4];
    await press({ action_id: changed.action_id, value: changed.value, type: 'button', action_ts: '1.3' });
    const [done] = await press({ type: 'plain_text_input', block_id: input.block_id, action_id: input.element.action_id, value: '报表 <!here> 太慢', action_ts: '1.4' });
    expect(done.text).toContain('所有问题都已回答');

    const response = await t.db.prisma.surveyResponse.findFirstOrThrow({ where: { runId: run.id } });
    expect(response.answers).toEqual({ ease: 5, nps: 9, note: '报表 <!here> 太慢' });
    expect(t.slack.calls.filter((c) => c.method === 'conversations.history')).toEqual([]);
  });
});
