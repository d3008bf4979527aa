/**
 * How tools on this machine find a running bot: main.ts writes
 * <dataDir>/bot.json with its pid and loopback URL once it listens, and
 * removes it on shutdown. The CLI uses it when the bot owns the embedded
 * database (PGlite serves one process, so a second one must go through it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RunningBot {
  pid: number;
  url: string;
}

const fileOf = (dataDir: string) => path.join(dataDir, 'bot.json');

export async function announceRunningBot(dataDir: string, url: string): Promise<() => Promise<void>> {
  await writeFile(fileOf(dataDir), JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  return () => rm(fileOf(dataDir), { force: true });
}

export async function findRunningBot(dataDir: string): Promise<RunningBot | undefined> {
  try {
    const bot = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as RunningBot;
    process.kill(bot.pid, 0); // throws when no such process
    return bot;
  } catch {
    return undefined;
  }
}

/** The admin API's bearer token: derived from the app secret, so only someone who can read it (or DATA_DIR) can call. */
export function adminToken(appSecret: string): string {
  return createHmac('sha256', appSecret).update('hypercare admin api').digest('base64url');
}

export function isAdminToken(appSecret: string, authorization: string | undefined): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(adminToken(appSecret));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
