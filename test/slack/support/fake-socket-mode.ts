/**
 * A local stand-in for Slack's Socket Mode WebSocket endpoint, so the real
 * @slack/socket-mode client can be driven offline: FakeSlack answers
 * apps.connections.open with this server's ws:// URL.
 *
 * @slack/socket-mode 3.x connects with undici's WebSocket and depends on no
 * WebSocket server package (`ws` is in node_modules only as botbuilder's
 * dependency), so this speaks the little of RFC 6455 the client uses:
 * the upgrade handshake, unfragmented text frames, ping/pong and close.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

export class FakeSocketMode {
  /** Every JSON message the client sent (acks), in order. */
  readonly received: any[] = [];
  private readonly server = http.createServer((_req, res) => res.writeHead(426).end());
  private readonly sockets = new Set<Duplex>();
  private waiters: { test: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  private connected?: () => void;
  url = '';

  async start(): Promise<this> {
    this.server.on('upgrade', (req, socket) => this.accept(req, socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=fake-ticket&app_id=A00FAKEAPP01`;
    return this;
  }

  /** Resolves when a client has connected and been sent `hello`. */
  whenConnected(): Promise<void> {
    return new Promise((resolve) => (this.connected = resolve));
  }

  /** Send a Socket Mode envelope to every connected client. */
  send(message: unknown): void {
    for (const socket of this.sockets) socket.write(frame(OP.text, Buffer.from(JSON.stringify(message))));
  }

  /** The first message (already received or still to come) that passes `test`. */
  next(test: (message: any) => boolean, timeoutMs = 5_000): Promise<any> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching Socket Mode message in time')), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(req: http.IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return void socket.destroy();
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let parsed = readFrame(buffered); parsed; parsed = readFrame(buffered)) {
        buffered = buffered.subarray(parsed.length);
        this.onFrame(socket, parsed.opcode, parsed.payload);
      }
    });
    // What Slack sends first; the client reports "connected" only after it.
    socket.write(frame(OP.text, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 }, connection_info: { app_id: 'A00FAKEAPP01' } }))));
    this.connected?.();
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === OP.ping) return void socket.write(frame(OP.pong, payload));
    if (opcode === OP.close) {
      socket.end(frame(OP.close, payload.subarray(0, 2)));
      return;
    }
    if (opcode !== OP.text) return;
    const message = JSON.parse(payload.toString('utf8'));
    this.received.push(message);
    for (const waiter of this.waiters.filter((w) => w.test(message))) waiter.resolve(message);
    this.waiters = this.waiters.filter((w) => !w.test(message));
  }
}

/** A server frame: FIN set, never masked. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** One client frame (always masked) from the front of `data`, or undefined until it has fully arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = data[0]! & 0x0f;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (data[1]! & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ data[maskAt + (i % 4)]!;
  return { opcode, payload, length: offset + length };
}
