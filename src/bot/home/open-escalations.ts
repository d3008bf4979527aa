/** Home section: the person's requests to an engineer that are still open. */
import type { Db } from '../../db/client.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { bullets, clip, isoDate } from './format.js';
import type { Block } from '../core/types.js';
import { escalationRef } from '../../escalations/threads.js';

const SHOWN = 5;

export function openEscalationsSection(db: Db): HomeSection {
  return {
    name: 'open-escalations',
    pending: true,
    async render({ tenant, user, lang }) {
      const escalations = await db.escalation.findMany({
        where: { tenantId: tenant.id, requesterId: user.id, status: { in: ['open', 'claimed'] } },
        orderBy: { createdAt: 'desc' },
        take: SHOWN,
        select: { status: true, createdAt: true, question: { select: { text: true } } },
      });
      const assigned = await db.escalation.findMany({
        where: { tenantId: tenant.id, assigneeId: user.id, status: { in: ['open', 'claimed'] } },
        orderBy: { createdAt: 'asc' },
        take: SHOWN,
        select: { id: true, createdAt: true, question: { select: { text: true } } },
      });
      const blocks: Block[] = [];
      if (assigned.length > 0) {
        // An engineer's own queue: what is waiting for them, oldest first, with the reference they can answer by.
        const lines = assigned.map((e) => `#${escalationRef(e.id)} “${clip(e.question.text)}” (${isoDate(e.createdAt)})`);
        blocks.push({ kind: 'heading', text: t(lang, 'esc.homeAssigned') }, { kind: 'text', text: bullets(lines) });
      }
      if (escalations.length === 0) return blocks;
      const lines = escalations.map((e) =>
        t(lang, 'home.escalationLine', {
          question: clip(e.question.text),
          status: t(lang, e.status === 'claimed' ? 'home.escalationClaimed' : 'home.escalationOpen'),
          date: isoDate(e.createdAt),
        }),
      );
      return [...blocks, { kind: 'heading', text: t(lang, 'home.escalations') }, { kind: 'text', text: bullets(lines) }];
    },
  };
}
