/**
 * The core's front door. Every adapter hands it IncomingMessages; it skips
 * the bot's own and other bots' messages, answers each platform message at
 * most once (shared redelivery guard), serialises work per thread, resolves
 * tenant, user and reply language, rejects unreadable input politely, and
 * dispatches to the first handler that takes the message.
 */
import type { Logger } from '../../log.js';
import type { Lang } from '../../knowledge/types.js';
import type { TenantDirectory, TenantRef } from '../../directory/tenants.js';
import type { UserDirectory, UserRef } from '../../directory/users.js';
import type { EventDeduplicator } from './dedupe.js';
import type { Handler, HandlerContext } from './handler.js';
import type { IncomingMessage, OutgoingMessage } from './types.js';
import type { BotServices } from './services.js';
import { KeyedMutex } from './keyed-mutex.js';
import { chooseReplyLanguage } from './language.js';
import { errorCodeOf } from './errors.js';
import { textReply } from './replies.js';

export interface RouterDeps {
  tenants: TenantDirectory;
  users: UserDirectory;
  dedupe: EventDeduplicator;
  handlers: Handler[];
  services: BotServices;
  detectLanguage: (text: string) => Lang | undefined;
  maxMessageChars: number;
  log: Logger;
}

type DispatchBase = Omit<HandlerContext, 'services' | 'log'>;

export class Router {
  private readonly threads = new KeyedMutex();

  constructor(private readonly deps: RouterDeps) {}

  async route(msg: IncomingMessage): Promise<OutgoingMessage[]> {
    const log = this.deps.log.child({ platform: msg.platform, tenant: msg.tenantId, thread: msg.threadId });
    if (msg.author.isMe || msg.author.isBot) {
      log.debug({ messageId: msg.messageId }, 'skipped a bot message');
      return [];
    }
    // Who is asking is looked up while the redelivery check runs: both are a database round
    // trip and every message waits for both; a redelivery (rare) only wastes the lookup. Both
    // run in the thread's turn (so a redelivery, too, waits for the messages before it), and
    // the lookup ends in it on every path, so a message sees what the one before it changed.
    return this.threads.run(msg.threadId, async () => {
      const asker = this.asker(msg);
      const askerSettled = asker.then(
        () => undefined,
        () => undefined,
      );
      let first = false;
      try {
        first = await this.deps.dedupe.firstDelivery(`${msg.platform}:${msg.tenantId}:${msg.messageId}`);
      } finally {
        if (!first) await askerSettled;
      }
      if (!first) {
        log.info({ messageId: msg.messageId }, 'skipped a redelivered message');
        return [];
      }
      return this.dispatch(msg, await asker, log);
    });
  }

  private async asker(msg: IncomingMessage): Promise<{ tenant: TenantRef; user: UserRef }> {
    const tenant = await this.deps.tenants.ensure(msg.platform, msg.tenantId);
    const user = await this.deps.users.ensure(tenant.id, msg.platform, msg.author.id, {
      displayName: msg.author.name,
      platformLocale: msg.locale,
    });
    return { tenant, user };
  }

  private async dispatch(msg: IncomingMessage, { tenant, user }: { tenant: TenantRef; user: UserRef }, log: Logger): Promise<OutgoingMessage[]> {
    const text = cleanText(msg.text);
    const tooLong = text.length > this.deps.maxMessageChars;
    // Detecting the language of a huge message is wasted work; its first part tells.
    const messageLang = this.deps.detectLanguage(tooLong ? text.slice(0, 2000) : text);
    const lang = chooseReplyLanguage({
      chosen: user.locale,
      messageLang,
      platformLocale: user.platformLocale,
      tenantDefault: tenant.defaultLocale,
    });

    const base = { msg, text, tenant, user, lang, messageLang };
    if (msg.passive) return this.dispatchPassive(base, log);

    // A screenshot without words is still something to pass on (e.g. to an engineer).
    if (!msg.action && !msg.attachments?.length) {
      if (tooLong) {
        log.info({ length: text.length }, 'refused an over-long message');
        return [textReply(lang, 'input.tooLong', { length: text.length, max: this.deps.maxMessageChars })];
      }
      if (text === '') return [textReply(lang, 'input.empty')];
      if (!/[\p{L}\p{N}]/u.test(text)) return [textReply(lang, 'input.noText')];
    }

    const handler = this.deps.handlers.find((h) => h.matches(msg, text));
    if (!handler) return [textReply(lang, msg.action ? 'error.unknownAction' : 'input.empty')];
    return this.run(handler, base, log);
  }

  /** A message not addressed to the bot: only conversation-following handlers may take it, and silence is the default. */
  private async dispatchPassive(base: DispatchBase, log: Logger): Promise<OutgoingMessage[]> {
    const { msg, text } = base;
    if (text === '' && !msg.attachments?.length) return [];
    const handler = this.deps.handlers.find((h) => h.passive && h.matches(msg, text));
    return handler ? this.run(handler, base, log) : [];
  }

  private async run(handler: Handler, base: DispatchBase, log: Logger): Promise<OutgoingMessage[]> {
    const { lang, user } = base;
    const ctx: HandlerContext = {
      ...base,
      services: this.deps.services,
      log: log.child({ handler: handler.name, userId: user.id }),
    };
    try {
      return await handler.handle(ctx);
    } catch (err) {
      const code = errorCodeOf(err);
      ctx.log.error({ err, code }, 'handler failed');
      return [textReply(lang, 'error.generic', { code })];
    }
  }
}

/** Trim, drop zero-width and control characters (PostgreSQL text cannot hold NUL), normalise line ends. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200D\uFEFF]/g, '')
    .trim();
}
