/**
 * A survey scene on real PostgreSQL and Redis: the real app (createApp) with
 * a job system under a unique prefix, a clock the test moves, departments,
 * waves and local-channel people whose inboxes show what the bot sent.
 */
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger, type Logger } from '../../src/log.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { departmentAndWave } from '../support/org.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix } from '../jobs/helpers.js';

export interface Person {
  id: string;
  name: string;
}

export interface SurveyScene {
  t: TestApp;
  jobs: JobSystem;
  prefix: string;
  clock: { now: () => Date; set(at: Date): void; advance(ms: number): void };
  people: Record<string, Person>;
  inbox(name: string): Promise<OutgoingMessage[]>;
  close(): Promise<void>;
}

export async function surveyScene(options: { start: Date; people: { name: string; department?: string; wave?: string; locale?: string; role?: 'end_user' | 'manager' }[]; log?: Logger }): Promise<SurveyScene> {
  let offset = options.start.getTime() - Date.now();
  const clock = {
    now: () => new Date(Date.now() + offset),
    set: (at: Date) => void (offset = at.getTime() - Date.now()),
    advance: (ms: number) => void (offset += ms),
  };
  const prefix = uniquePrefix('surveys');
  const jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, options.log ?? silentLogger, {
    prefix,
    closeTimeoutMs: 2_000,
    defaultJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
  });
  const t = await startTestApp({ demo: false, jobs, surveyClock: clock.now, log: options.log });
  const db = t.db.prisma;
  const tenantId = t.localTenantId;
  const people: Record<string, Person> = {};
  for (const p of options.people) {
    const { department, wave } = await departmentAndWave(db, tenantId, { ...p, waveGoLiveAt: new Date('2030-03-01T01:00:00Z') });
    const user = await db.user.create({
      data: { tenantId, platform: 'local', platformUserId: p.name, displayName: p.name, departmentId: department?.id ?? null, waveId: wave?.id ?? null, locale: p.locale ?? null, role: p.role ?? 'end_user' },
    });
    people[p.name] = { id: user.id, name: p.name };
  }
  await jobs.start();
  return {
    t,
    jobs,
    prefix,
    clock,
    people,
    inbox: async (name) => {
      const res = await fetch(`${t.baseUrl}/api/local/messages?userId=${encodeURIComponent(name)}`);
      const body = (await res.json()) as { messages: { message: OutgoingMessage }[] };
      return body.messages.map((m) => m.message);
    },
    close: async () => {
      await jobs.close();
      await t.close();
      await deleteKeys(prefix);
    },
  };
}

/** Run a delayed job now, as if its time had come (BullMQ delays run on the real clock). */
export async function promote(jobs: JobSystem, jobId: string): Promise<void> {
  const job = await jobs.queue('surveys').getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.promote();
}

export function surveyBlock(message: OutgoingMessage) {
  const block = message.blocks.find((b) => b.kind === 'survey');
  return block && block.kind === 'survey' ? block.form : undefined;
}
