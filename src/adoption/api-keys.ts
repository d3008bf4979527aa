/**
 * Per-tenant keys for the usage ingestion API. The plaintext is shown once,
 * at creation; only its sha256 is stored, so a database leak does not leak
 * working keys. The keys are 256 random bits, so a plain hash (no salt, no
 * slow KDF) is enough and lets the API find a key with one indexed lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';

export const API_KEY_PREFIX = 'hc_';
/** lastUsedAt is for humans auditing keys; writing it on every request would cost a row update per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The only time the plaintext is available: hand it to the integrator now. */
  key: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(db: Db, tenantId: string, name: string): Promise<CreatedApiKey> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.apiKey.create({ data: { tenantId, name, hash: hashApiKey(key) }, select: { id: true, name: true } });
  return { ...row, key };
}

export async function revokeApiKey(db: Db, tenantId: string, id: string, now: Date = new Date()): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

/** The tenant a presented key belongs to, or undefined for an unknown or revoked key. */
export async function authenticateApiKey(db: Db, key: string, now: Date = new Date()): Promise<{ tenantId: string; keyId: string } | undefined> {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined;
  const row = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: { id: true, tenantId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) return undefined;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so parallel requests with the same key write it once.
    await db.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { tenantId: row.tenantId, keyId: row.id };
}
