/**
 * CPU time from /proc (Linux): of another process by pid, and of the whole
 * machine. Benchmarks on this 2-core machine report them to show whether a
 * rate was limited by the code under test or by the cores running out.
 */
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined once it is gone. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

export interface MachineCpu {
  busy: number;
  total: number;
}

/**
 * The machine's CPU ticks so far, busy and in all (from the first line of
 * /proc/stat). Busy is what this machine's own processes and kernel ran
 * (user, nice, system, irq, softirq); steal (time the host gave to other
 * machines) counts in the total only, and guest time is already inside user.
 */
export async function machineCpu(): Promise<MachineCpu> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0]!;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy, total: busy + idle + iowait + steal };
}

/** Share of all cores that were busy between two readings (0–1). */
export function busyShare(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/**
 * CPU seconds used so far by every running process with this command name
 * (e.g. "postgres": the server and its backends, whose pids the benchmark
 * does not know). Processes that exit between two readings drop out.
 */
export async function commandCpuSeconds(command: string): Promise<number> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  let seconds = 0;
  for (const pid of pids) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === command) seconds += (await processCpuSeconds(Number(pid))) ?? 0;
  }
  return seconds;
}

/** Busy CPU time of the machine between two readings, in milliseconds (summed over cores). */
export function busyMs(before: MachineCpu, after: MachineCpu): number {
  return ((after.busy - before.busy) * 1000) / TICKS_PER_SECOND;
}
