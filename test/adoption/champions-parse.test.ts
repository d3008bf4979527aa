/** Reading `recognize @person for …` on every channel, and Teams mention entities reaching the core. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecognizeCommand } from '../../src/bot/handlers/recognize-target.js';
import { toIncomingMessage } from '../../src/bot/teams/parse.js';

const TEAMS_FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/teams');

describe('recognize command', () => {
  it('reads Slack mentions, typed handles and Chinese', () => {
    expect(parseRecognizeCommand('recognize <@U0123ABC|alice> for the report')).toEqual({
      kind: 'recognize',
      target: { kind: 'slack', id: 'U0123ABC', name: 'alice' },
      reason: 'the report',
    });
    expect(parseRecognizeCommand('recognize @alice@example.com for help')).toEqual({
      kind: 'recognize',
      target: { kind: 'handle', handles: ['alice@example.com'] },
      reason: 'help',
    });
    expect(parseRecognizeCommand('thanks @Alice Chen for the tip')?.target).toEqual({ kind: 'handle', handles: ['Alice Chen', 'Alice'] });
    expect(parseRecognizeCommand('感谢 @张伟，帮我解决了报销问题')).toEqual({ kind: 'recognize', target: { kind: 'handle', handles: ['张伟'] }, reason: '帮我解决了报销问题' });
    expect(parseRecognizeCommand('推荐 @张伟 因为他总是帮助大家')).toEqual({ kind: 'endorsement', target: { kind: 'handle', handles: ['张伟'] }, reason: '他总是帮助大家' });
  });

  it('leaves plain politeness and questions alone, and shows the usage for a bare command', () => {
    expect(parseRecognizeCommand('thanks!')).toBeUndefined();
    expect(parseRecognizeCommand('谢谢你')).toBeUndefined();
    expect(parseRecognizeCommand('推荐一个报表工具')).toBeUndefined();
    expect(parseRecognizeCommand('recognize')).toEqual({ kind: 'recognize', target: null, reason: '' });
  });

  it('Teams: the mention entity of another person reaches the core, and names the target', () => {
    const activity = JSON.parse(readFileSync(path.join(TEAMS_FIXTURES, 'message_channel_mention.json'), 'utf8'));
    activity.text = '<at>Chat SDK Demo</at> recognize <at>Mei Lin</at> for the budget template';
    activity.entities.push({ type: 'mention', text: '<at>Mei Lin</at>', mentioned: { id: '29:1meiLin', name: 'Mei Lin' } });
    const msg = toIncomingMessage(activity, 'tenant-1', '')!;
    expect(msg.text).toBe('recognize Mei Lin for the budget template');
    expect(msg.mentions).toEqual([{ id: '29:1meiLin', name: 'Mei Lin' }]);
    expect(parseRecognizeCommand(msg.text, msg.mentions)).toEqual({
      kind: 'recognize',
      target: { kind: 'teams', mention: { id: '29:1meiLin', name: 'Mei Lin' } },
      reason: 'the budget template',
    });
  });
});
