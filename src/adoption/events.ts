/**
 * Adoption events: state changes the metrics and the weekly digest need that
 * no other table already records (questions and feedback are read from their
 * own tables). Kinds are a closed list so the digest queries stay honest.
 */
import type { Db } from '../db/client.js';

export const ADOPTION_EVENT_KINDS = [
  'escalation_created',
  'escalation_claimed',
  'escalation_reassigned',
  'escalation_rerouted',
  'escalation_cancelled',
  'escalation_first_reply',
  'escalation_resolved',
  'escalation_csat',
  'survey_answered',
  'recognition_given',
] as const;
export type AdoptionEventKind = (typeof ADOPTION_EVENT_KINDS)[number];

export interface AdoptionEventInput {
  tenantId: string;
  userId?: string;
  kind: AdoptionEventKind;
  module?: string;
  data?: Record<string, string | number | boolean | null>;
  occurredAt?: Date;
}

type EventWriter = Pick<Db, 'adoptionEvent'>;

export async function recordAdoptionEvent(db: EventWriter, event: AdoptionEventInput): Promise<void> {
  await db.adoptionEvent.create({
    data: {
      tenantId: event.tenantId,
      userId: event.userId ?? null,
      kind: event.kind,
      module: event.module ?? null,
      data: event.data ?? {},
      ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
    },
  });
}
