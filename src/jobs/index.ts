/** The jobs module's public surface. */
export { JOBS, JOB_NAMES, QUEUE_NAMES, isJobName, jobNamesOfQueue, parseJobData } from './definitions.js';
export type { JobData, JobDefinition, JobInput, JobName, QueueName, QueueOf } from './definitions.js';
export { JobsError, isJobsError } from './errors.js';
export type { JobsErrorCode } from './errors.js';
export { PROACTIVE_FEATURES, checkEvictionPolicy, parseRedisUrl, resolveRedis } from './redis.js';
export type { RedisKind, ResolveRedisOptions, ResolvedRedis } from './redis.js';
export { createRedisClient, pingRedis } from './redis-client.js';
export { createShutdown } from './shutdown.js';
export type { Closer, Shutdown, ShutdownOptions } from './shutdown.js';
export { JobSystem, JobsUnavailable, createJobs } from './system.js';
export type { EnqueueOptions, JobContext, JobHandler, JobSystemOptions, Jobs, Schedule } from './system.js';
