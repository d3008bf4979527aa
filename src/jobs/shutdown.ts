/**
 * Graceful shutdown: on SIGTERM/SIGINT run the registered closers in reverse
 * order of registration (last started, first stopped), within one deadline,
 * then exit. Generic: main.ts registers the HTTP server, job system, Redis,
 * database and so on in the order it starts them.
 */
import type { Logger } from '../log.js';

export type Closer = () => Promise<void> | void;

/** The part of `process` shutdown needs; tests pass an EventEmitter. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  /** The whole shutdown must end within this; keep it under the orchestrator's kill timeout. Default 25 s. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  signalSource?: SignalSource;
}

export interface Shutdown {
  /** Register a closer; closers run in reverse order of registration. */
  register(name: string, closer: Closer): void;
  /** Run the closers once (later calls get the same promise); resolves to the exit code, without exiting. */
  run(reason: string): Promise<number>;
  /** Install the signal handlers: first signal runs and exits, a second one exits at once. Returns an uninstaller. */
  listen(): () => void;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const log = options.logger.child({ component: 'shutdown' });
  const timeoutMs = options.timeoutMs ?? 25_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source: SignalSource = options.signalSource ?? process;
  const closers: { name: string; closer: Closer }[] = [];
  let running: Promise<number> | undefined;
  /** The closer in progress, named when the deadline passes. */
  let current: string | undefined;

  async function runClosers(): Promise<number> {
    let code = 0;
    for (const { name, closer } of [...closers].reverse()) {
      current = name;
      try {
        await closer();
        log.debug({ closer: name }, 'Closed');
      } catch (err) {
        code = 1;
        log.error({ closer: name, err }, 'Closer failed; continuing with the others');
      }
    }
    current = undefined;
    return code;
  }

  function run(reason: string): Promise<number> {
    running ??= (async () => {
      log.info({ reason, closers: closers.length }, 'Shutting down');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          log.error({ timeoutMs, stuckIn: current }, 'Shutdown took too long; exiting anyway');
          resolve(1);
        }, timeoutMs);
      });
      const code = await Promise.race([runClosers(), deadline]);
      clearTimeout(timer);
      if (code === 0) log.info('Shutdown complete');
      return code;
    })();
    return running;
  }

  function listen(): () => void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (running) {
        log.warn({ signal }, 'Second signal during shutdown; exiting now');
        exit(1);
        return;
      }
      void run(signal).then(exit);
    };
    const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
    for (const signal of signals) source.on(signal, onSignal);
    return () => {
      for (const signal of signals) source.off(signal, onSignal);
    };
  }

  return {
    register(name, closer) {
      closers.push({ name, closer });
    },
    run,
    listen,
  };
}
