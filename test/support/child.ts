/** Helper processes for tests and benchmarks: a TypeScript file run through tsx, talking over IPC. */
import { fork, type ChildProcess } from 'node:child_process';

/**
 * Start `file` as a child process and wait for its first message, which
 * says it is ready (and what it needs to tell, such as its URL). Rejects if
 * it exits first.
 */
export function startChild<Ready>(file: string, options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env: options.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${file} exited with ${code} before it was ready`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.once('message', (ready: Ready) => {
      child.off('exit', onExit);
      resolve({ child, ready });
    });
  });
}
