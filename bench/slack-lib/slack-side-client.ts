/** The benchmark's handle on Slack's side (slack-side.ts), a child process reached over IPC. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import { startChild } from '../../test/support/child.js';

export type SideRequest =
  | { id: number; kind: 'fire'; url: string; secret: string; count: number; runId: number; concurrency: number }
  | { id: number; kind: 'posts' }
  | { kind: 'exit' };

export type SideReply = { kind: 'ready'; apiUrl: string } | { id: number; kind: 'fired'; load: LoadResult } | { id: number; kind: 'posts'; count: number; cpuMs: number };

export class SlackSide {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SideReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
  ) {
    child.on('message', (reply: SideReply) => {
      if ('id' in reply) {
        this.pending.get(reply.id)?.(reply);
        this.pending.delete(reply.id);
      }
    });
  }

  static async start(): Promise<SlackSide> {
    const { child, ready } = await startChild<SideReply>(fileURLToPath(new URL('./slack-side.ts', import.meta.url)));
    if (ready.kind !== 'ready') throw new Error('unexpected first message from the Slack side');
    child.once('exit', (code) => {
      if (code) {
        console.error(`Slack side exited with ${code}`);
        process.exit(1);
      }
    });
    return new SlackSide(child, ready.apiUrl);
  }

  /** Fire `count` signed events at `url`; resolves with the ack latencies measured on Slack's side. */
  async fire(url: string, secret: string, count: number, runId: number, concurrency: number): Promise<LoadResult> {
    const reply = await this.request({ kind: 'fire', url, secret, count, runId, concurrency });
    if (reply.kind !== 'fired') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.load;
  }

  /** chat.postMessage calls the fake Web API has answered so far, and the CPU time Slack's side has used so far. */
  async posts(): Promise<{ count: number; cpuMs: number }> {
    const reply = await this.request({ kind: 'posts' });
    if (reply.kind !== 'posts') throw new Error(`unexpected reply ${reply.kind}`);
    return { count: reply.count, cpuMs: reply.cpuMs };
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ kind: 'exit' } satisfies SideRequest);
    await exited;
  }

  private request(request: { kind: 'fire'; url: string; secret: string; count: number; runId: number; concurrency: number } | { kind: 'posts' }): Promise<SideReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ ...request, id } satisfies SideRequest);
    });
  }
}
