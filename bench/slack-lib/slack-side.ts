/**
 * Slack's side of the benchmark, in its own process: the load client that
 * signs and fires events, and the fake Web API the bot posts answers to.
 * Kept out of the servers' process so their event loop and CPU time are
 * measured alone (on 2 cores, an in-process client inflated every ack).
 * Started by SlackSide (slack-side-client.ts); talks over the IPC channel.
 */
import { FakeSlack } from '../../test/slack/support/fake-slack.js';
import { eventBodies, fireEvents } from './load.js';
import type { SideReply, SideRequest } from './slack-side-client.js';

async function main() {
  const slack = await new FakeSlack().start();
  slack.record = false;
  let posts = 0;
  slack.onCall = (call) => {
    if (call.method === 'chat.postMessage') posts++;
  };
  const reply = (message: SideReply) => process.send?.(message);

  process.on('message', (request: SideRequest) => {
    void (async () => {
      switch (request.kind) {
        case 'fire': {
          const bodies = eventBodies(request.count, request.runId);
          const load = await fireEvents(request.url, request.secret, bodies, request.concurrency);
          reply({ id: request.id, kind: 'fired', load });
          return;
        }
        case 'posts':
          const cpu = process.cpuUsage();
          reply({ id: request.id, kind: 'posts', count: posts, cpuMs: (cpu.user + cpu.system) / 1000 });
          return;
        case 'exit':
          await slack.close();
          process.disconnect();
      }
    })().catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  });
  reply({ kind: 'ready', apiUrl: slack.apiUrl });
}

void main();
