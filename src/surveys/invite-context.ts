/**
 * What sending survey invites and reminders needs to know, for a whole batch in one query:
 * through Prisma's relation loading it took five queries per invite to read
 * what one join reads. The fatigue guard's own reads stay in its
 * transaction (see SurveyInvites.claim).
 */
import type { Db } from '../db/client.js';
import type { Platform } from '../bot/core/types.js';
import type { SurveyDefinition } from './definition-schema.js';
import { storedDefinition } from './service.js';

export interface InviteContext {
  inviteId: string;
  sentAt: Date | null;
  remindedAt: Date | null;
  /** Never set for anonymous surveys (see answers.ts); their reminders check respondent keys. */
  respondedAt: Date | null;
  runId: string;
  tenantId: string;
  runStatus: string;
  closesAt: Date;
  priority: number;
  anonymous: boolean;
  survey: SurveyDefinition;
  /** The invited person, unless they are no longer in the run's tenant. */
  person: InvitedPerson | null;
}

/** An invite whose run is open and whose person is still in the tenant and takes surveys. */
export type LiveInvite = InviteContext & { person: InvitedPerson };

export function isLive(invite: InviteContext, now: Date): invite is LiveInvite {
  return invite.runStatus === 'open' && invite.closesAt.getTime() > now.getTime() && invite.person !== null && !invite.person.surveyOptOut;
}

export interface InvitedPerson {
  id: string;
  surveyOptOut: boolean;
  platform: Platform;
  platformUserId: string;
  conversationRef: unknown;
  locale: string | null;
  platformLocale: string | null;
  tenant: { defaultLocale: string; externalId: string; settings: unknown };
}

interface Row extends Omit<InviteContext, 'survey' | 'person'> {
  surveyId: string;
  surveyUpdatedAt: Date;
  definition: unknown;
  userId: string | null;
  surveyOptOut: boolean | null;
  platform: Platform | null;
  platformUserId: string | null;
  conversationRef: unknown;
  locale: string | null;
  platformLocale: string | null;
  defaultLocale: string;
  externalId: string;
  settings: unknown;
}

/** Parsed definitions by survey id and version: validating one per recipient was a visible share of a fan-out's CPU. */
const DEFINITIONS_KEPT = 100;

export class InviteContexts {
  private readonly definitions = new Map<string, SurveyDefinition>();

  constructor(private readonly db: Db) {}

  /** The invites that exist, in no particular order. */
  async loadMany(inviteIds: readonly string[]): Promise<InviteContext[]> {
    if (inviteIds.length === 0) return [];
    const rows = await this.db.$queryRaw<Row[]>`
      SELECT i.id AS "inviteId", i."sentAt", i."remindedAt", i."respondedAt", r.id AS "runId", r."tenantId", r.status::text AS "runStatus", r."closesAt",
             s.id AS "surveyId", s."updatedAt" AS "surveyUpdatedAt", s.priority, s.anonymous, s.definition,
             u.id AS "userId", u."surveyOptOut", u.platform::text AS "platform", u."platformUserId", u."conversationRef", u.locale, u."platformLocale",
             t."defaultLocale", t."externalId", t.settings
      FROM "SurveyInvite" i
      JOIN "SurveyRun" r ON r.id = i."runId"
      JOIN "Survey" s ON s.id = r."surveyId"
      JOIN "Tenant" t ON t.id = r."tenantId"
      LEFT JOIN "User" u ON u.id = i."userId" AND u."tenantId" = r."tenantId"
      WHERE i.id = ANY(${[...inviteIds]}::text[])`;
    return rows.map((row) => this.context(row));
  }

  private context(row: Row): InviteContext {
    return {
      inviteId: row.inviteId,
      sentAt: row.sentAt,
      remindedAt: row.remindedAt,
      respondedAt: row.respondedAt,
      runId: row.runId,
      tenantId: row.tenantId,
      runStatus: row.runStatus,
      closesAt: row.closesAt,
      priority: row.priority,
      anonymous: row.anonymous,
      survey: this.definition(row.surveyId, row.surveyUpdatedAt, row.definition),
      person: row.userId
        ? {
            id: row.userId,
            surveyOptOut: row.surveyOptOut === true,
            platform: row.platform!,
            platformUserId: row.platformUserId!,
            conversationRef: row.conversationRef,
            locale: row.locale,
            platformLocale: row.platformLocale,
            tenant: { defaultLocale: row.defaultLocale, externalId: row.externalId, settings: row.settings },
          }
        : null,
    };
  }

  private definition(surveyId: string, updatedAt: Date, json: unknown): SurveyDefinition {
    const key = `${surveyId}@${updatedAt.getTime()}`;
    let parsed = this.definitions.get(key);
    if (!parsed) {
      parsed = storedDefinition(json);
      if (this.definitions.size >= DEFINITIONS_KEPT) this.definitions.delete(this.definitions.keys().next().value!);
      this.definitions.set(key, parsed);
    }
    return parsed;
  }
}
