/**
 * CPU time spent by this process and by this database's PostgreSQL backends
 * (read from /proc, so only for a server on this machine). On a machine
 * shared with other work, wall-clock rates swing with the load; CPU seconds
 * are what the same work costs on an idle machine.
 */
import os from 'node:os';
import type { Db } from '../../src/db/client.js';
import { processCpuSeconds } from '../lib/proc-cpu.js';

export interface CpuSample {
  nodeMs: number;
  databaseMs: number | null;
}

export async function sampleCpu(db: Db, serverIsLocal: boolean): Promise<CpuSample> {
  const usage = process.cpuUsage();
  const nodeMs = (usage.user + usage.system) / 1000;
  if (!serverIsLocal) return { nodeMs, databaseMs: null };
  const pids = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let seconds = 0;
  for (const { pid } of pids) {
    const used = await processCpuSeconds(pid);
    if (used === undefined) return { nodeMs, databaseMs: null };
    seconds += used;
  }
  return { nodeMs, databaseMs: seconds * 1000 };
}

/** PostgreSQL CPU between two samples; null when unknown, or when backends came and went in between (their time left the sum). */
export function databaseCpuMs(before: CpuSample, after: CpuSample): number | null {
  if (before.databaseMs === null || after.databaseMs === null) return null;
  const delta = after.databaseMs - before.databaseMs;
  return delta >= 0 ? delta : null;
}

export function cpuSince(before: CpuSample, after: CpuSample): string {
  const node = after.nodeMs - before.nodeMs;
  const database = databaseCpuMs(before, after);
  return `CPU: node ${(node / 1000).toFixed(2)} s + PostgreSQL ${database === null ? 'n/a' : `${(database / 1000).toFixed(2)} s`}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}
