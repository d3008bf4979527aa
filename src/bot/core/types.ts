/**
 * The platform-neutral message shapes. Adapters (Slack, Teams, local) turn
 * platform payloads into an IncomingMessage and render an OutgoingMessage;
 * nothing past the adapter sees a platform object.
 */
import type { Lang } from '../../knowledge/types.js';

export const PLATFORMS = ['local', 'slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Author {
  /** The platform's user id (Slack U…, Teams AAD object id, local userId). */
  id: string;
  name?: string;
  /** Any bot or app, including this one. */
  isBot: boolean;
  /** This bot itself: its own messages must never be answered. */
  isMe: boolean;
}

/** A file or image a person sent: its name and where the platform keeps it. */
export interface Attachment {
  name: string;
  url?: string;
  contentType?: string;
}

/** A button press or card submit. */
export interface MessageAction {
  id: string;
  value: string;
  /** Form fields sent with a card submit (Teams Input.* values by their id). */
  inputs?: Record<string, string>;
}

export interface Mention {
  /** The platform's id of the person (Teams: the 29: id). */
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface IncomingMessage {
  platform: Platform;
  /** Platform tenant: Slack team/enterprise id, Teams tenant id, "local". */
  tenantId: string;
  /** Where a reply goes, e.g. `slack:T1:C123:1700000000.0001`, `teams:<tenant>:<conversation>`, `local:<user>`. */
  threadId: string;
  /** Unique per platform tenant; redeliveries carry the same id. */
  messageId: string;
  author: Author;
  text: string;
  /** The language the platform reports for the user (Slack/Teams locale), if any. */
  locale?: string;
  action?: MessageAction;
  /** People @mentioned besides the bot, when the platform says who (Teams mention entities; their names stay in `text`). */
  mentions?: Mention[];
  /**
   * Not addressed to the bot: a reply in a channel thread without a mention
   * (e.g. an engineer answering in an escalation thread). Only handlers that
   * follow conversations (`Handler.passive`) see these; nobody else answers.
   */
  passive?: boolean;
  /** Files or images sent with the message, as links (never their content). */
  attachments?: Attachment[];
  /** The original payload, for adapters only. Never logged above debug. */
  raw?: unknown;
}

export type ButtonStyle = 'primary' | 'danger';

export interface Button {
  /** Action id the router dispatches on. */
  id: string;
  value: string;
  label: string;
  style?: ButtonStyle;
}

export interface Link {
  label: string;
  url: string;
}

/** Building blocks of a reply. Text is raw (unescaped); each renderer escapes for its platform. */
export type Block =
  | { kind: 'heading'; text: string }
  /** Article text: light Markdown (bold, lists, links) that renderers convert, escaped. */
  | { kind: 'markdown'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'source'; label: string; link: Link }
  | { kind: 'links'; label: string; links: Link[] }
  | { kind: 'actions'; prompt?: string; buttons: Button[] }
  | { kind: 'image'; url: string; alt: string }
  | { kind: 'divider' }
  /** A survey answered in chat; each renderer gives it its own controls (see src/surveys/form.ts). */
  | { kind: 'survey'; form: SurveyForm };

export interface SurveyFormQuestion {
  id: string;
  type: 'rating' | 'nps' | 'single_choice' | 'multiple_choice' | 'text';
  title: string;
  required: boolean;
  options?: { id: string; label: string }[];
  lowLabel?: string;
  highLabel?: string;
  maxLength?: number;
  /** The person's current answer, shown so they can change it. */
  answer?: number | string | string[];
}

export interface SurveyForm {
  runId: string;
  questions: SurveyFormQuestion[];
  /** Texts of the controls, in the message's language. */
  labels: { submit: string; textPlaceholder: string; required: string; chosen: string };
}

export interface OutgoingMessage {
  lang: Lang;
  /** Plain-text version of the whole message: notifications, screen readers, the terminal. */
  text: string;
  blocks: Block[];
}
