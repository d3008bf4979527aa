/**
 * One Teams turn, after botbuilder has authenticated the request: tenant
 * allow-list first (nothing is stored or answered for another tenant), then
 * by activity type: messages and card buttons go through the core router
 * and come back as Adaptive Cards in the same conversation or thread; an
 * Action.Execute invoke is answered with the refreshed card; being added to
 * a chat or team posts the welcome once. Reactions and other events are
 * acknowledged and ignored.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../../log.js';
import type { Router } from '../core/router.js';
import type { EventDeduplicator } from '../core/dedupe.js';
import type { IncomingMessage, OutgoingMessage } from '../core/types.js';
import type { TenantDirectory, TenantRef } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import { langFromLocale } from '../core/language.js';
import { isPersonal, localeOf, teamsTenantOf, type InboundActivity } from './activity.js';
import { toIncomingMessage } from './parse.js';
import { ADAPTIVE_CARD, cardAttachment, renderCard, settledCard, type AdaptiveCard } from './cards.js';
import { baseConversationId, type TeamsConversations } from './conversations.js';
import { connectorError } from './errors.js';
import type { SentCards } from './sent-cards.js';
import type { TeamsProfiles } from './profiles.js';
import { welcomeMessage } from './welcome.js';

export type TurnOutcome = 'handled' | 'ignored' | 'no_tenant' | 'tenant_not_allowed';

/** Universal Actions: show this text to the person who clicked, leave the card as it is. */
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

export interface TeamsTurnDeps {
  router: Router;
  tenants: TenantDirectory;
  users: UserDirectory;
  conversations: TeamsConversations;
  dedupe: EventDeduplicator;
  cards: SentCards;
  profiles: TeamsProfiles;
  botAppId: string;
  allowedTenants: string[];
  log: Logger;
}

export class TeamsTurn {
  constructor(private readonly deps: TeamsTurnDeps) {}

  async run(ctx: TurnContext, activity: InboundActivity): Promise<TurnOutcome> {
    const teamsTenant = teamsTenantOf(activity);
    if (!teamsTenant) return 'no_tenant';
    const { allowedTenants } = this.deps;
    if (allowedTenants.length > 0 && !allowedTenants.includes(teamsTenant)) return 'tenant_not_allowed';
    const log = this.deps.log.child({ tenant: teamsTenant, activityType: activity.type, activityId: activity.id });

    switch (activity.type) {
      case 'message':
        return this.onMessage(ctx, activity, teamsTenant, log);
      case 'invoke':
        return activity.name === 'adaptiveCard/action' ? this.onCardAction(ctx, activity, teamsTenant, log) : 'ignored';
      case 'conversationUpdate':
        return (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id) ? this.onAdded(ctx, activity, teamsTenant, log) : 'ignored';
      case 'installationUpdate':
        return activity.action === 'add' ? this.onAdded(ctx, activity, teamsTenant, log) : 'ignored';
      default:
        return 'ignored';
    }
  }

  private async onMessage(ctx: TurnContext, activity: InboundActivity, teamsTenant: string, log: Logger): Promise<TurnOutcome> {
    const msg = toIncomingMessage(activity, teamsTenant, this.deps.botAppId);
    if (!msg) return 'ignored';
    await this.remember(ctx, activity, teamsTenant, msg, log);
    const replies = await this.deps.router.route(msg);
    const original = msg.action ? this.deps.cards.find(activity.conversation.id, activity.replyToId) : undefined;
    const [outcome, ...rest] = replies;
    // Action.Submit from an older client in a 1:1 chat: update the card in place (PUT) when it is known.
    if (outcome && original && isPersonal(activity) && activity.replyToId) {
      const card = settledCard(original, outcome);
      try {
        await ctx.updateActivity({ type: ActivityTypes.Message, id: activity.replyToId, attachments: [cardAttachment(card)] });
        this.deps.cards.remember(activity.conversation.id, activity.replyToId, card);
        await this.reply(ctx, rest, log);
        return 'handled';
      } catch (err) {
        log.warn({ err: connectorError(err, 'update card').message }, 'could not update the card; replying instead');
      }
    }
    await this.reply(ctx, replies, log);
    return 'handled';
  }

  private async onCardAction(ctx: TurnContext, activity: InboundActivity, teamsTenant: string, log: Logger): Promise<TurnOutcome> {
    const msg = toIncomingMessage(activity, teamsTenant, this.deps.botAppId);
    if (!msg) return 'ignored';
    await this.remember(ctx, activity, teamsTenant, msg, log);
    const [outcome, ...rest] = await this.deps.router.route(msg);
    const original = this.deps.cards.find(activity.conversation.id, activity.replyToId);
    let body: { statusCode: 200; type: string; value: AdaptiveCard | string };
    if (outcome && original && isPersonal(activity) && activity.replyToId) {
      const card = settledCard(original, outcome);
      this.deps.cards.remember(activity.conversation.id, activity.replyToId, card);
      body = { statusCode: 200, type: ADAPTIVE_CARD, value: card };
    } else {
      // In a channel a refreshed card would change for everyone; the outcome is for the clicker only.
      body = { statusCode: 200, type: MESSAGE_RESPONSE, value: outcome?.text ?? '' };
    }
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    await this.reply(ctx, rest, log);
    return 'handled';
  }

  private async onAdded(ctx: TurnContext, activity: InboundActivity, teamsTenant: string, log: Logger): Promise<TurnOutcome> {
    const tenant = await this.deps.tenants.ensure('teams', teamsTenant);
    const personal = isPersonal(activity);
    await this.deps.conversations.rememberConversation(tenant.id, teamsTenant, activity, personal);
    if (personal && activity.from.id !== activity.recipient.id) {
      const user = await this.deps.users.ensure(tenant.id, 'teams', activity.from.aadObjectId ?? activity.from.id, { displayName: activity.from.name, platformLocale: localeOf(activity) });
      await this.deps.conversations.rememberUser(tenant.id, user.id, activity);
      await this.deps.profiles.refresh(ctx, tenant.id, user.id);
    }
    // Installing to a team sends both conversationUpdate and installationUpdate: welcome once per conversation.
    const key = `teams:${teamsTenant}:welcome:${baseConversationId(activity.conversation.id)}`;
    if (!(await this.deps.dedupe.firstDelivery(key))) return 'handled';
    const lang = langFromLocale(localeOf(activity)) ?? langFromLocale(tenant.defaultLocale) ?? 'en';
    await this.reply(ctx, [welcomeMessage(lang, personal ? 'personal' : 'team')], log);
    return 'handled';
  }

  /** Store how to reach this user and conversation later, and who they are (email); a failure never stops the answer. */
  private async remember(ctx: TurnContext, activity: InboundActivity, teamsTenant: string, msg: IncomingMessage, log: Logger): Promise<void> {
    if (msg.author.isBot) return;
    try {
      const tenant: TenantRef = await this.deps.tenants.ensure('teams', teamsTenant);
      const personal = isPersonal(activity);
      await this.deps.conversations.rememberConversation(tenant.id, teamsTenant, activity, personal);
      const user = await this.deps.users.ensure(tenant.id, 'teams', msg.author.id, { displayName: msg.author.name, platformLocale: msg.locale });
      if (personal) await this.deps.conversations.rememberUser(tenant.id, user.id, activity);
      await this.deps.profiles.refresh(ctx, tenant.id, user.id);
    } catch (err) {
      log.warn({ err }, 'could not store the conversation reference');
    }
  }

  /** Post replies as cards in the same conversation (the thread, in a channel); a failed post is logged. */
  private async reply(ctx: TurnContext, replies: OutgoingMessage[], log: Logger): Promise<void> {
    for (const reply of replies) {
      const card = renderCard(reply);
      try {
        const posted = await ctx.sendActivity({ type: ActivityTypes.Message, attachments: [cardAttachment(card)] });
        if (posted?.id) this.deps.cards.remember(ctx.activity.conversation.id, posted.id, card);
      } catch (err) {
        const mapped = connectorError(err, 'reply');
        log.warn({ code: mapped.code, err: mapped.message }, 'could not post the reply');
        return;
      }
    }
  }
}
