/**
 * The escalations feature as the app runs it: the lifecycle service whose
 * every committed state change moves the SLA timers, the SLA job processor,
 * and SLA messages delivered through the outbound path. Created once by
 * createApp; main.ts re-syncs the timers at start-up.
 */
import type { Db } from '../db/client.js';
import type { Jobs } from '../jobs/system.js';
import type { Logger } from '../log.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import { EscalationService } from './service.js';
import { SlaTimers } from './sla.js';
import { slaNotifier } from './sla-notify.js';
import { ChampionFirst } from './champions.js';

export interface EscalationRuntimeDeps {
  db: Db;
  jobs: Jobs;
  outbound: OutboundDelivery;
  log: Logger;
  /** Tests drive working time with a fixed clock and shrink policy minutes to milliseconds. */
  clock?: () => Date;
  slaMinuteMs?: number;
}

export interface EscalationRuntime {
  service: EscalationService;
  sla: SlaTimers;
  /** Champion-first windows and their hand-over to the engineers (onHandover: the chat flow's notification). */
  champions: ChampionFirst;
  /** Start-up: schedule the due SLA step of every open escalation (idempotent job ids: safe on every replica). */
  resync(): Promise<number>;
}

export function createEscalationRuntime(deps: EscalationRuntimeDeps): EscalationRuntime {
  const timing = { ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.slaMinuteMs ? { minuteMs: deps.slaMinuteMs } : {}) };
  const notify = slaNotifier({ db: deps.db, outbound: deps.outbound, log: deps.log });
  const sla = new SlaTimers({ db: deps.db, jobs: deps.jobs, notify, ...timing, log: deps.log });
  sla.register();
  const champions = new ChampionFirst({ db: deps.db, jobs: deps.jobs, outbound: deps.outbound, notify, afterChange: (e) => sla.onChange(e), ...timing, log: deps.log });
  champions.register();
  const service = new EscalationService({
    db: deps.db,
    ...(deps.clock ? { clock: deps.clock } : {}),
    log: deps.log,
    afterChange: async (escalation) => {
      await champions.onChange(escalation);
      await sla.onChange(escalation);
    },
    championWindow: champions.window,
  });
  return {
    service,
    sla,
    champions,
    resync: async () => (await sla.resync()) + (await champions.resync()),
  };
}
