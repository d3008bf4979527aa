/**
 * The job system: BullMQ queues and workers over the resolved Redis.
 *
 * Connections: one producer connection shared by every Queue (fails fast
 * while Redis is away, so a request path can degrade instead of hanging),
 * and one worker connection shared by every Worker (maxRetriesPerRequest:
 * null, as BullMQ requires; each Worker duplicates it for its blocking
 * fetch). Both are ours: BullMQ leaves caller-owned clients open, so close()
 * quits them after the workers and queues are closed.
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type RateLimiterOptions, type WorkerOptions } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';
import {
  JOBS,
  QUEUE_NAMES,
  isJobName,
  jobNamesOfQueue,
  parseJobData,
  type JobData,
  type JobInput,
  type JobName,
  type QueueName,
} from './definitions.js';
import { ConnectionLog, isConnectionError } from './connection-log.js';
import { JobsError, errorSummary } from './errors.js';
import { closeRedisClient, createRedisClient, withinTimeout } from './redis-client.js';
import type { ResolvedRedis } from './redis.js';
import { PROACTIVE_FEATURES } from './redis.js';

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Attempts the job has in all; on the last one a failure is final. */
  maxAttempts: number;
  /** Child logger carrying queue, job name, id and attempt. */
  log: Logger;
  /** Aborted when shutdown runs out of patience; long jobs should stop early and throw. */
  signal: AbortSignal | undefined;
  /**
   * Give the job slot back and run this job again in `ms`, without counting an
   * attempt: for a job that would otherwise wait inside its slot (a send whose
   * rate slot is far off). Never returns; let what it throws propagate.
   */
  defer(ms: number): Promise<never>;
}

export type JobHandler<N extends JobName> = (data: JobData<N>, ctx: JobContext) => Promise<void>;

/** Cron patterns need a time zone: a bare cron runs on the server's clock, which is rarely the tenant's. */
export type Schedule = { pattern: string; tz: string } | { every: number };

export type EnqueueOptions = Pick<JobsOptions, 'jobId' | 'delay' | 'priority' | 'attempts' | 'backoff' | 'deduplication'>;

export interface Jobs {
  /** False for JobsUnavailable: proactive features are off. */
  readonly available: boolean;
  queue(name: QueueName): Queue;
  enqueue<N extends JobName>(name: N, data: JobInput<N>, opts?: EnqueueOptions): Promise<{ jobId: string }>;
  /** Many jobs of one name in one round trip (a fan-out's batch); each is validated first, so none is queued if one is invalid. */
  enqueueMany<N extends JobName>(name: N, jobs: readonly { data: JobInput<N>; opts?: EnqueueOptions }[]): Promise<void>;
  registerProcessor<N extends JobName>(name: N, handler: JobHandler<N>): void;
  upsertSchedule<N extends JobName>(id: string, name: N, data: JobInput<N>, schedule: Schedule): Promise<void>;
  removeSchedule(id: string, name: JobName): Promise<boolean>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface JobSystemOptions {
  /** Redis key prefix; tests use a unique one each. Default "hypercare". */
  prefix?: string;
  /** Jobs run at once per queue in this process. */
  concurrency?: Partial<Record<QueueName, number>>;
  /** Rate limits per queue, shared by every process (BullMQ keeps them in Redis). */
  limiter?: Partial<Record<QueueName, RateLimiterOptions | undefined>>;
  /** Overrides of the default job options (attempts, backoff, retention). */
  defaultJobOptions?: JobsOptions;
  /** How soon a job of a dead process counts as stalled and runs again (BullMQ defaults: 30 s each); tests shorten them. */
  stalledJobs?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'>;
  /** How long close() lets running jobs finish before cancelling them. Default 15 s. */
  closeTimeoutMs?: number;
}

/**
 * An outbound send waits inside its job at most STEP_ASIDE_BEYOND_MS for its
 * rate slot (holding no database connection), so each busy workspace holds
 * about that much of its rate in job slots: 32 leave room for several at once.
 */
const DEFAULT_CONCURRENCY: Record<QueueName, number> = { outbound: 32, escalations: 2, surveys: 2, digests: 2, maintenance: 1 };
/** Slack and Teams both throttle bursts from one bot; this bounds proactive posting across all processes. */
const DEFAULT_LIMITER: Partial<Record<QueueName, RateLimiterOptions>> = { outbound: { max: 10, duration: 1_000 } };
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.2 },
  // Keep recent history for diagnosis without letting Redis grow without bound.
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 5_000 },
};

/** BullMQ rejects integer-looking ids and ":"; say so before Redis does, in our terms. */
function assertJobIdShape(kind: 'job id' | 'schedule id', id: string): void {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(id) || /^\d+$/.test(id)) {
    throw new JobsError('job_misuse', `Invalid ${kind} "${id}": use letters, digits, ".", "_" or "-" (not digits only, no ":")`);
  }
}

/** The producer fails fast while Redis is away; callers degrade as when there is no Redis at all. */
function unreachable(what: string): (err: unknown) => never {
  return (err) => {
    if (!isConnectionError(err)) throw err;
    throw new JobsError('jobs_unavailable', `Could not queue ${what}: Redis is unreachable right now (${errorSummary(err)})`, { cause: err });
  };
}

function definitionOf(name: string): (typeof JOBS)[JobName] {
  if (!isJobName(name)) throw new JobsError('job_misuse', `Unknown job "${name}"; add it to src/jobs/definitions.ts`);
  return JOBS[name];
}

function validated<N extends JobName>(name: N, data: unknown): JobData<N> {
  const parsed = parseJobData(name, data);
  if (!parsed.ok) throw new JobsError('job_data_invalid', `Job ${name}: invalid data (${parsed.problems.join('; ')}); nothing was queued`);
  return parsed.data;
}

export class JobSystem implements Jobs {
  readonly available = true;
  private readonly log: Logger;
  private readonly connectionLog: ConnectionLog;
  private readonly prefix: string;
  private readonly producer: Redis;
  private workerConnection: Redis | undefined;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly redis: Pick<ResolvedRedis, 'kind' | 'connectionOptions'>,
    logger: Logger,
    private readonly options: JobSystemOptions = {},
  ) {
    if (redis.kind === 'unavailable') throw new JobsError('job_misuse', 'JobSystem needs Redis; use createJobs() to get JobsUnavailable instead');
    this.log = logger.child({ component: 'jobs' });
    this.connectionLog = new ConnectionLog(this.log);
    this.prefix = options.prefix ?? 'hypercare';
    this.producer = this.connect({ connectionName: `${this.prefix}:producer`, enableOfflineQueue: false, maxRetriesPerRequest: 2 });
  }

  queue(name: QueueName): Queue {
    this.assertOpen();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.producer,
        prefix: this.prefix,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...this.options.defaultJobOptions },
      });
      queue.on('error', (err) => this.connectionLog.error(`queue ${name}`, err));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, data: JobInput<N>, opts: EnqueueOptions = {}): Promise<{ jobId: string }> {
    const definition = definitionOf(name);
    const valid = validated(name, data);
    if (opts.jobId !== undefined) assertJobIdShape('job id', opts.jobId);
    const job = await this.queue(definition.queue).add(name, valid, opts).catch(unreachable(name));
    if (!job.id) throw new JobsError('job_misuse', `BullMQ returned no id for job ${name}`);
    return { jobId: job.id };
  }

  async enqueueMany<N extends JobName>(name: N, jobs: readonly { data: JobInput<N>; opts?: EnqueueOptions }[]): Promise<void> {
    const definition = definitionOf(name);
    const valid = jobs.map(({ data, opts = {} }) => {
      if (opts.jobId !== undefined) assertJobIdShape('job id', opts.jobId);
      return { name, data: validated(name, data), opts };
    });
    if (valid.length === 0) return;
    await this.queue(definition.queue).addBulk(valid).catch(unreachable(`${valid.length} ${name} jobs`));
  }

  registerProcessor<N extends JobName>(name: N, handler: JobHandler<N>): void {
    definitionOf(name);
    if (this.started) throw new JobsError('job_misuse', `Register the processor for ${name} before start()`);
    if (this.handlers.has(name)) throw new JobsError('job_misuse', `A processor for ${name} is already registered`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  async upsertSchedule<N extends JobName>(id: string, name: N, data: JobInput<N>, schedule: Schedule): Promise<void> {
    const definition = definitionOf(name);
    assertJobIdShape('schedule id', id);
    const valid = validated(name, data);
    if ('pattern' in schedule) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: schedule.tz });
      } catch {
        throw new JobsError('job_misuse', `Schedule ${id}: unknown time zone "${schedule.tz}" (use an IANA name such as Asia/Shanghai)`);
      }
    } else if (!Number.isInteger(schedule.every) || schedule.every < 1_000) {
      throw new JobsError('job_misuse', `Schedule ${id}: "every" must be a whole number of milliseconds, at least 1000`);
    }
    const repeat = 'pattern' in schedule ? { pattern: schedule.pattern, tz: schedule.tz } : { every: schedule.every };
    // Same id → same scheduler: every process can upsert its schedules at start-up without duplicates.
    await this.queue(definition.queue).upsertJobScheduler(id, repeat, { name, data: valid });
  }

  async removeSchedule(id: string, name: JobName): Promise<boolean> {
    return this.queue(definitionOf(name).queue).removeJobScheduler(id);
  }

  /** Start one Worker per queue that has processors in this process. */
  async start(): Promise<void> {
    this.assertOpen();
    if (this.started) return;
    this.started = true;
    for (const queueName of QUEUE_NAMES) {
      const names = jobNamesOfQueue(queueName);
      const handled = names.filter((name) => this.handlers.has(name));
      if (handled.length === 0) continue;
      const missing = names.filter((name) => !this.handlers.has(name));
      if (missing.length > 0) this.log.warn({ queue: queueName, missing }, 'Some jobs of this queue have no processor in this process; they will be retried, then fail');
      this.workers.push(this.createWorker(queueName));
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    this.log.info({ queues: this.workers.map((w) => w.name), prefix: this.prefix }, 'Job workers started');
  }

  /**
   * Workers first (running jobs may finish), then queues, then our connections.
   * Every step is bounded: with Redis down, BullMQ's own close can wait forever.
   * Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.workers.map((worker) => this.closeWorker(worker)));
      await Promise.all([...this.queues.values()].map((queue) => withinTimeout(queue.close().catch(() => undefined), 2_000)));
      await Promise.all([this.producer, this.workerConnection].flatMap((c) => (c ? [closeRedisClient(c)] : [])));
      this.log.info('Job system closed');
    })();
    return this.closing;
  }

  private connect(overrides: RedisOptions): Redis {
    const client = createRedisClient(this.redis.connectionOptions, overrides);
    client.on('error', (err) => this.connectionLog.error(`connection ${overrides.connectionName}`, err));
    client.on('ready', () => this.connectionLog.ready());
    return client;
  }

  private createWorker(queueName: QueueName): Worker {
    this.workerConnection ??= this.connect({ connectionName: `${this.prefix}:worker`, maxRetriesPerRequest: null });
    const limiter = this.options.limiter && queueName in this.options.limiter ? this.options.limiter[queueName] : DEFAULT_LIMITER[queueName];
    // Three parameters: BullMQ passes an AbortSignal only to processors that declare it.
    const worker = new Worker(queueName, (job: Job, token?: string, signal?: AbortSignal) => this.process(queueName, job, token, signal), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: this.options.concurrency?.[queueName] ?? DEFAULT_CONCURRENCY[queueName],
      ...(limiter ? { limiter } : {}),
      ...this.options.stalledJobs,
    });
    worker.on('failed', (job, err) => this.logFailure(queueName, job, err));
    worker.on('error', (err) => this.connectionLog.error(`worker ${queueName}`, err));
    return worker;
  }

  private async process(queueName: QueueName, job: Job, token: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const name = job.name;
    // Plain errors (retried) for names this process lacks: during a rolling deploy a newer process may know them.
    if (!isJobName(name) || JOBS[name].queue !== queueName) throw new Error(`Unknown job "${name}" in queue ${queueName}`);
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No processor for ${name} in this process`);
    const parsed = parseJobData(name, job.data);
    if (!parsed.ok) {
      // Retrying cannot fix bad data.
      throw new UnrecoverableError(`Job data does not match the ${name} schema (${parsed.problems.join('; ')})`);
    }
    const jobId = job.id ?? '';
    const attempt = job.attemptsMade + 1;
    const log = this.log.child({ queue: queueName, jobName: name, jobId, attempt });
    const defer = async (ms: number): Promise<never> => {
      // BullMQ's way: move the job to delayed under our lock, then tell the worker it is no longer active.
      await job.moveToDelayed(Date.now() + Math.max(0, ms), token);
      throw new DelayedError();
    };
    await handler(parsed.data, { jobId, attempt, maxAttempts: job.opts.attempts ?? 1, log, signal, defer });
  }

  /** Name, id and attempt only: job data never goes to the logs. */
  private logFailure(queueName: QueueName, job: Job | undefined, err: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || (job?.attemptsMade ?? 0) >= attempts;
    const fields = { queue: queueName, jobName: job?.name, jobId: job?.id, attempt: job?.attemptsMade, attempts, err };
    if (final) this.log.error(fields, 'Job failed; giving up');
    else this.log.warn(fields, 'Job failed; will retry');
  }

  private async closeWorker(worker: Worker): Promise<void> {
    const timeoutMs = this.options.closeTimeoutMs ?? 15_000;
    if ((await withinTimeout(worker.close(), timeoutMs)) === 'done') return;
    // Jobs still running (or Redis is away): signal the jobs and drop the connections.
    // Their locks expire and another worker picks them up as stalled, so nothing is lost.
    this.log.warn(
      { queue: worker.name, timeoutMs },
      'Worker did not stop in time (a job is still running, or Redis is unreachable); cancelling its jobs, they will be retried',
    );
    worker.cancelAllJobs('shutdown');
    await withinTimeout(worker.disconnect().catch(() => undefined), 2_000);
  }

  private assertOpen(): void {
    if (this.closing) throw new JobsError('job_misuse', 'The job system is closed');
  }
}

/** Stand-in when there is no Redis: set-up calls are no-ops, enqueue fails with jobs_unavailable. */
export class JobsUnavailable implements Jobs {
  readonly available = false;

  static error(what: string): JobsError {
    return new JobsError(
      'jobs_unavailable',
      `Cannot ${what}: background jobs are off because no Redis is available, so ${PROACTIVE_FEATURES} are disabled. Install Redis or set REDIS_URL.`,
    );
  }

  queue(name: QueueName): Queue {
    throw JobsUnavailable.error(`open queue ${name}`);
  }

  async enqueue<N extends JobName>(name: N): Promise<{ jobId: string }> {
    throw JobsUnavailable.error(`queue job ${name}`);
  }

  async enqueueMany<N extends JobName>(name: N, jobs: readonly unknown[]): Promise<void> {
    if (jobs.length > 0) throw JobsUnavailable.error(`queue jobs ${name}`);
  }

  // Set-up calls succeed: the features are off, and resolveRedis already said so once.
  registerProcessor(): void {}
  async upsertSchedule(): Promise<void> {}
  async removeSchedule(): Promise<boolean> {
    return false;
  }
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}

export function createJobs(redis: ResolvedRedis, logger: Logger, options?: JobSystemOptions): Jobs {
  return redis.kind === 'unavailable' ? new JobsUnavailable() : new JobSystem(redis, logger, options);
}
