/**
 * Everything Slack sends, over HTTP or Socket Mode, after verification:
 * decide what it is, hand the slow part to background work and return the
 * acknowledgement at once (Slack's 3-second rule); events and commands are
 * not even parsed before it.
 */
import type { Logger } from '../../log.js';
import { parseEventEnvelope, type EventOutcome } from './parse-events.js';
import { parseBlockActions, parseSlashCommand, viewSubmissionTenant } from './parse-interactions.js';
import type { SlackConversation } from './conversation.js';
import type { BackgroundWork } from './work.js';

export type InboundKind = 'event' | 'command' | 'interaction';

export interface InboundMeta {
  /** x-slack-retry-num / Socket Mode retry_attempt: Slack re-sent it. */
  retryNum?: number;
  retryReason?: string;
}

export interface InboundHandlers {
  conversation: SlackConversation;
  /** Publish the Home tab for a user. */
  openHome(tenantKey: string, slackUserId: string): Promise<void>;
  /** The app left a workspace: forget its installation. */
  uninstall(tenantKey: string): Promise<void>;
}

/** Body of the acknowledgement (undefined: empty 200). */
export type Ack = Record<string, unknown> | undefined;

export class SlackInbound {
  constructor(
    private readonly handlers: InboundHandlers,
    private readonly work: BackgroundWork,
    private readonly log: Logger,
  ) {}

  accept(kind: InboundKind, payload: unknown, meta: InboundMeta = {}): Ack {
    if (meta.retryNum) this.log.info({ retryNum: meta.retryNum, retryReason: meta.retryReason }, 'Slack redelivery');
    switch (kind) {
      // Events and commands are always acknowledged empty, so they are read after the ack, in the task.
      case 'event':
        this.work.run('event', () => this.onEvent(parseEventEnvelope(payload)));
        return undefined;
      case 'command':
        this.work.run('slash command', () => {
          const parsed = parseSlashCommand(payload);
          if (parsed.kind !== 'ignore') return this.handlers.conversation.answer(parsed);
          this.log.warn({ reason: parsed.reason }, 'ignored a slash command');
          return Promise.resolve();
        });
        return undefined;
      case 'interaction':
        return this.onInteraction(payload);
    }
  }

  private async onEvent(outcome: EventOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'message':
        return this.handlers.conversation.answer(outcome);
      case 'home':
        return this.handlers.openHome(outcome.tenantKey, outcome.userId);
      case 'uninstall':
        return this.handlers.uninstall(outcome.tenantKey);
      case 'ignore':
        this.log.debug({ reason: outcome.reason }, 'ignored a Slack event');
    }
  }

  private onInteraction(payload: unknown): Ack {
    const type = (payload as { type?: unknown } | null)?.type;
    if (type === 'block_actions') {
      for (const parsed of parseBlockActions(payload)) this.work.run('button', () => this.handlers.conversation.answer(parsed));
      return undefined;
    }
    if (type === 'view_submission') {
      // No modal is wired yet; the tenant is resolved the way a modal handler must (the installing team).
      this.log.info({ tenant: viewSubmissionTenant(payload) }, 'view submission without a handler; closing the modal');
      return undefined;
    }
    this.log.debug({ type }, 'ignored a Slack interaction');
    return undefined;
  }
}
