/**
 * A local stand-in for the Bot Connector REST API that Teams runs at an
 * activity's serviceUrl. botbuilder makes its real HTTP calls here:
 *   POST /v3/conversations/{id}/activities              (send to conversation)
 *   POST /v3/conversations/{id}/activities/{replyToId}  (reply in thread)
 *   PUT  /v3/conversations/{id}/activities/{activityId} (update)
 *   GET  /v3/conversations/{id}/members/{userId}        (member lookup: email, UPN)
 * Scripted failures (429 with Retry-After, 403 …) answer the next calls.
 */
import http from 'node:http';

export interface ConnectorCall {
  method: string;
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  /** replyToId for replies, the updated activity's id for updates. */
  activityId?: string;
  authorization?: string;
  body: any;
  at: number;
  /** The id this stand-in answered with (what Teams calls the message id). */
  id?: string;
}

export interface StandInConnector {
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Answer the next `times` calls with this status (and headers) instead of success. */
  failNext(times: number, status: number, headers?: Record<string, string>): void;
  clearFailures(): void;
  /** What GET …/members/{userId} answers, by the user's 29: id (unknown ids get 404, as Teams answers). */
  members: Map<string, Record<string, unknown>>;
  memberLookups: string[];
  /** Attempts seen, failed ones included. */
  attempts: number;
  close(): Promise<void>;
}

export async function startConnector(tenant = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890'): Promise<StandInConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, Record<string, unknown>>();
  const memberLookups: string[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let posted = 0;
  const state = { attempts: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts++;
      const failure = failures.shift();
      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${failure.status}` } }));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://connector');
      const member = /\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && member) {
        const userId = decodeURIComponent(member[2]!);
        memberLookups.push(userId);
        const account = members.get(userId);
        res.writeHead(account ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(account ?? { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } }));
        return;
      }
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const activityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const kind = req.method === 'PUT' ? 'update' : activityId ? 'reply' : 'send';
      const text = Buffer.concat(chunks).toString('utf8');
      const id = kind === 'update' ? activityId : `posted-${++posted}`;
      calls.push({
        id,
        method: req.method ?? '',
        kind,
        conversationId,
        activityId,
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
        at: Date.now(),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/amer/${tenant}/`,
    calls,
    members,
    memberLookups,
    failNext(times, status, headers = {}) {
      for (let i = 0; i < times; i++) failures.push({ status, headers });
    },
    clearFailures() {
      failures.length = 0;
    },
    get attempts() {
      return state.attempts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
