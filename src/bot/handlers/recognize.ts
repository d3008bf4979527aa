/**
 * Thanking colleagues, on every channel:
 *   recognize @person for <reason>   感谢 @某人 <理由>      anyone, within the limits
 *   endorse @person for <reason>     推荐 @某人 <理由>      managers: named in champion of the month
 *   the "Thanks, this helped" button on a peer's answer (thanksButton below)
 * Refusals say which rule applied (no self-credit, daily limit, weekly limit
 * per colleague). The receiver gets a private message.
 */
import type { Handler, HandlerContext } from '../core/handler.js';
import type { Button, OutgoingMessage } from '../core/types.js';
import type { Lang } from '../../knowledge/types.js';
import { textReply } from '../core/replies.js';
import { langFromLocale } from '../core/language.js';
import { t } from '../i18n/messages.js';
import { recognitionDm, nameOf } from '../../adoption/champion-messages.js';
import { cleanReason, type GiveResult, type Person } from '../../adoption/recognition.js';
import { parseRecognizeCommand, reasonAfter, type RecognizeCommand } from './recognize-target.js';

export const THANKS_ACTION = 'champions.thanks';

/** The button to put under a colleague's answer (e.g. a champion's or engineer's relayed reply) to the asker. */
export function thanksButton(lang: Lang, questionId: string, answererId: string): Button {
  return { id: THANKS_ACTION, value: `${questionId}|${answererId}`, label: t(lang, 'champions.thanksButton'), style: 'primary' };
}

const THANKS_VALUE = /^([0-9a-f-]{36})\|([0-9a-f-]{36})$/i;

export const recognizeHandler: Handler = {
  name: 'recognize',
  matches: (msg, text) => (msg.action ? msg.action.id === THANKS_ACTION : parseRecognizeCommand(text, msg.mentions) !== undefined),
  async handle(ctx) {
    if (ctx.msg.action) return thanksForAnswer(ctx, ctx.msg.action.value);
    const command = parseRecognizeCommand(ctx.text, ctx.msg.mentions)!;
    return recognize(ctx, command);
  },
};

async function recognize(ctx: HandlerContext, command: RecognizeCommand): Promise<OutgoingMessage[]> {
  const { lang } = ctx;
  if (!command.target) return [textReply(lang, 'champions.usage')];
  const found = await findReceiver(ctx, command);
  if (found.kind === 'unknown') return [textReply(lang, 'champions.unknownPerson', { who: found.who })];
  if (found.kind === 'ambiguous') return [textReply(lang, 'champions.ambiguous', { who: found.who })];
  const { receiver, reason } = found;
  const result = await ctx.services.recognition.give({
    tenantId: ctx.tenant.id,
    giverId: ctx.user.id,
    receiverId: receiver.id,
    kind: command.kind === 'endorsement' ? 'endorsement' : 'recognize',
    reason,
  });
  if (result.kind !== 'given') return [refusal(lang, result, receiver)];
  if (command.kind === 'endorsement') return [textReply(lang, 'champions.endorsed', { name: nameOf(lang, receiver.displayName) })];
  await notifyReceiver(ctx, result.recognitionId, receiver, 'recognize', cleanReason(reason));
  return [textReply(lang, 'champions.given', { name: nameOf(lang, receiver.displayName) })];
}

async function thanksForAnswer(ctx: HandlerContext, value: string): Promise<OutgoingMessage[]> {
  const { tenant, user, services } = ctx;
  const parsed = THANKS_VALUE.exec(value);
  const receiver = parsed ? await services.recognition.person(tenant.id, parsed[2]!) : null;
  const answered = parsed && receiver ? await services.recognition.answererOf(tenant.id, parsed[1]!, receiver.id) : null;
  if (!parsed || !receiver || !answered) return [textReply(ctx.lang, 'champions.thanksStale')];
  // A button press has no text to tell a language from: answer in the question's, unless the user chose one.
  const lang = user.locale ?? answered.lang;
  if (answered.askerId !== user.id) return [textReply(lang, 'champions.thanksNotAsker')];
  const result = await services.recognition.give({ tenantId: tenant.id, giverId: user.id, receiverId: receiver.id, kind: 'thanks', reason: '', questionId: parsed[1]! });
  if (result.kind !== 'given') return [refusal(lang, result, receiver)];
  await notifyReceiver(ctx, result.recognitionId, receiver, 'thanks', '');
  return [textReply(lang, 'champions.thanksGiven', { name: nameOf(lang, receiver.displayName) })];
}

function refusal(lang: Lang, result: Exclude<GiveResult, { kind: 'given' }>, receiver: Person): OutgoingMessage {
  const name = nameOf(lang, receiver.displayName);
  switch (result.kind) {
    case 'self':
      return textReply(lang, 'champions.self');
    case 'daily_limit':
      return textReply(lang, 'champions.dailyLimit', { limit: result.limit });
    case 'pair_limit':
      return textReply(lang, 'champions.pairLimit', { name, limit: result.limit });
    case 'already_thanked':
      return textReply(lang, 'champions.alreadyThanked', { name });
    case 'not_manager':
      return textReply(lang, 'champions.notManager');
    case 'unknown_receiver':
      return textReply(lang, 'champions.unknownPerson', { who: name });
  }
}

async function notifyReceiver(ctx: HandlerContext, recognitionId: string, receiver: Person, kind: 'thanks' | 'recognize', reason: string): Promise<void> {
  const lang = receiver.locale ?? langFromLocale(receiver.platformLocale) ?? langFromLocale(ctx.tenant.defaultLocale) ?? 'en';
  const message = recognitionDm(lang, { kind, giverName: ctx.user.displayName || ctx.msg.author.name || '', reason });
  await ctx.services.recognition.notify(ctx.tenant.id, recognitionId, receiver.id, message);
}

type Found = { kind: 'found'; receiver: Person; reason: string } | { kind: 'unknown'; who: string } | { kind: 'ambiguous'; who: string };

async function findReceiver(ctx: HandlerContext, command: RecognizeCommand): Promise<Found> {
  const { tenant, services, msg } = ctx;
  const target = command.target!;
  const reason = command.reason;
  switch (target.kind) {
    case 'slack': {
      // A workspace member the bot has not met yet: directory sync would add them; meeting them here does the same.
      const known = await services.recognition.byPlatformId(tenant.id, 'slack', target.id);
      if (known) return { kind: 'found', receiver: known, reason };
      if (msg.platform !== 'slack') return { kind: 'unknown', who: target.id };
      const created = await services.users.ensure(tenant.id, 'slack', target.id, target.name ? { displayName: target.name } : {});
      const person = await services.recognition.person(tenant.id, created.id);
      return person ? { kind: 'found', receiver: person, reason } : { kind: 'unknown', who: target.id };
    }
    case 'teams': {
      const person =
        (await services.recognition.byTeamsMention(tenant.id, target.mention)) ?? (await uniqueByHandle(ctx, target.mention.name));
      return person ? { kind: 'found', receiver: person, reason } : { kind: 'unknown', who: target.mention.name };
    }
    case 'handle': {
      for (const handle of target.handles) {
        const people = await services.recognition.byHandle(tenant.id, handle);
        if (people.length > 1) return { kind: 'ambiguous', who: handle };
        if (people.length === 1) {
          const multiWord = handle !== target.handles.at(-1);
          return { kind: 'found', receiver: people[0]!, reason: multiWord ? reasonAfter(ctx.text, handle) : reason };
        }
      }
      return { kind: 'unknown', who: target.handles.at(-1)! };
    }
  }
}

async function uniqueByHandle(ctx: HandlerContext, handle: string): Promise<Person | null> {
  const people = await ctx.services.recognition.byHandle(ctx.tenant.id, handle);
  return people.length === 1 ? people[0]! : null;
}
