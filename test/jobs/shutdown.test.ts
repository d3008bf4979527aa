import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createShutdown, type SignalSource } from '../../src/jobs/shutdown.js';
import { ERROR, captureLogger, waitFor } from './helpers.js';

function harness(timeoutMs = 2_000) {
  const exits: number[] = [];
  const signals = new EventEmitter();
  const capture = captureLogger();
  const shutdown = createShutdown({
    logger: capture.logger,
    timeoutMs,
    exit: (code) => exits.push(code),
    signalSource: signals as unknown as SignalSource,
  });
  return { shutdown, exits, signals, ...capture };
}

describe('createShutdown', () => {
  it('runs closers in reverse order on SIGTERM, then exits 0', async () => {
    const { shutdown, exits, signals } = harness();
    const order: string[] = [];
    shutdown.register('redis', async () => void order.push('redis'));
    shutdown.register('jobs', async () => {
      await sleep(20);
      order.push('jobs');
    });
    shutdown.register('http', () => void order.push('http'));
    shutdown.listen();
    signals.emit('SIGTERM', 'SIGTERM');
    await waitFor(() => exits.length > 0, 'exit');
    expect(order).toEqual(['http', 'jobs', 'redis']);
    expect(exits).toEqual([0]);
  });

  it('keeps going after a failing closer and exits 1', async () => {
    const { shutdown, lines } = harness();
    const order: string[] = [];
    shutdown.register('db', () => void order.push('db'));
    shutdown.register('jobs', () => {
      throw new Error('boom');
    });
    expect(await shutdown.run('test')).toBe(1);
    expect(order).toEqual(['db']);
    expect(lines.some((l) => l.level === ERROR && l.closer === 'jobs')).toBe(true);
  });

  it('gives up after the deadline, naming the closer that hangs', async () => {
    const { shutdown, lines } = harness(100);
    shutdown.register('stuck', () => new Promise<void>(() => {}));
    expect(await shutdown.run('test')).toBe(1);
    expect(lines.find((l) => l.level === ERROR)).toMatchObject({ stuckIn: 'stuck' });
  });

  it('runs once however often it is asked, and a second signal exits at once', async () => {
    const { shutdown, exits, signals } = harness();
    let calls = 0;
    let release: () => void = () => {};
    shutdown.register('slow', () => {
      calls++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    const stop = shutdown.listen();
    signals.emit('SIGINT', 'SIGINT');
    signals.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
    release();
    await waitFor(() => exits.length === 2, 'the first shutdown to finish');
    expect(calls).toBe(1);
    stop();
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
