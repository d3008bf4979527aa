/**
 * What a handler sees and returns. Handlers are plain objects, one per file
 * in src/bot/handlers, testable without any platform.
 */
import type { Logger } from '../../log.js';
import type { Lang } from '../../knowledge/types.js';
import type { TenantRef } from '../../directory/tenants.js';
import type { UserRef } from '../../directory/users.js';
import type { IncomingMessage, OutgoingMessage } from './types.js';
import type { BotServices } from './services.js';

export interface HandlerContext {
  msg: IncomingMessage;
  /** The message text, trimmed, with platform mention markup already removed by the adapter. */
  text: string;
  tenant: TenantRef;
  user: UserRef;
  /** The language to reply in. */
  lang: Lang;
  /** The language the message itself is written in, when it can be told. */
  messageLang: Lang | undefined;
  services: BotServices;
  log: Logger;
}

export interface Handler {
  name: string;
  /** Also offered messages not addressed to the bot (IncomingMessage.passive). */
  passive?: boolean;
  /** Cheap decision from the message alone: does this handler take it? */
  matches(msg: IncomingMessage, text: string): boolean;
  handle(ctx: HandlerContext): Promise<OutgoingMessage[]>;
}
