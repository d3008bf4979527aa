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
  /** Start-up: schedule the due SLA step of every open escalation (idempotent job ids: safe on every replica). */
  resync(): Promise<number>;
}

export function createEscalationRuntime(deps: EscalationRuntimeDeps): EscalationRuntime {
  const sla = new SlaTimers({
    db: deps.db,
    jobs: deps.jobs,
    notify: slaNotifier({ db: deps.db, outbound: deps.outbound, log: deps.log }),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.slaMinuteMs ? { minuteMs: deps.slaMinuteMs } : {}),
    log: deps.log,
  });
  sla.register();
  const service = new EscalationService({
    db: deps.db,
    ...(deps.clock ? { clock: deps.clock } : {}),
    log: deps.log,
    afterChange: (escalation) => sla.onChange(escalation),
  });
  return { service, sla, resync: () => sla.resync() };
}
