/** Seed data and inbox reading for the chat-level escalation tests. */
import type { Db } from '../../src/db/client.js';
import type { Platform, OutgoingMessage } from '../../src/bot/core/types.js';
import type { Role } from '../../src/knowledge/types.js';
import type { TestApp } from '../support/app.js';
import { departmentAndWave } from '../support/org.js';

/** Engineers on call around the clock, so routing never depends on when the test runs. */
export const ALWAYS = { timezone: 'Asia/Shanghai', workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }, rotation: 'daily' };

export async function seedPerson(
  db: Db,
  tenantId: string,
  platform: Platform,
  platformUserId: string,
  options: { role?: Role; name?: string; department?: string; wave?: string; locale?: string } = {},
) {
  const { department, wave } = await departmentAndWave(db, tenantId, { ...options, waveGoLiveAt: new Date('2026-11-02T00:00:00Z') });
  return db.user.upsert({
    where: { tenantId_platform_platformUserId: { tenantId, platform, platformUserId } },
    create: {
      tenantId, platform, platformUserId, role: options.role ?? 'end_user', displayName: options.name ?? platformUserId,
      departmentId: department?.id ?? null, waveId: wave?.id ?? null, locale: options.locale ?? null,
    },
    update: { role: options.role ?? 'end_user', displayName: options.name ?? platformUserId, departmentId: department?.id ?? null, waveId: wave?.id ?? null },
  });
}

export async function seedGroup(db: Db, tenantId: string, name: string, memberIds: string[], channelThreadId: string | null = null) {
  return db.engineerGroup.create({
    data: {
      tenantId, name, settings: ALWAYS, isFallback: true, channelThreadId,
      members: { create: memberIds.map((userId, position) => ({ userId, position })) },
    },
  });
}

/** Messages that reached a local user's inbox since the last call. */
export function inboxReader(t: TestApp) {
  const cursors = new Map<string, string>();
  return async (userId: string): Promise<OutgoingMessage[]> => {
    const after = cursors.get(userId) ?? '0';
    const res = await fetch(`${t.baseUrl}/api/local/messages?userId=${encodeURIComponent(userId)}&after=${after}`);
    const body = (await res.json()) as { messages: { message: OutgoingMessage }[]; cursor: string };
    cursors.set(userId, body.cursor);
    return body.messages.map((m) => m.message);
  };
}

export function buttons(message: OutgoingMessage | undefined) {
  return (message?.blocks ?? []).flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
}

export function button(message: OutgoingMessage | undefined, id: string) {
  const found = buttons(message).find((b) => b.id === id);
  if (!found) throw new Error(`no button ${id} in ${JSON.stringify(message)}`);
  return { id: found.id, value: found.value };
}
