/** Departments and rollout waves for seeded people: found by name, created on first use. */
import type { Db } from '../../src/db/client.js';

export async function departmentAndWave(db: Db, tenantId: string, names: { department?: string; wave?: string; waveGoLiveAt: Date }) {
  const department = names.department
    ? await db.department.upsert({ where: { tenantId_name: { tenantId, name: names.department } }, create: { tenantId, name: names.department }, update: {} })
    : null;
  const wave = names.wave
    ? await db.rolloutWave.upsert({ where: { tenantId_name: { tenantId, name: names.wave } }, create: { tenantId, name: names.wave, goLiveAt: names.waveGoLiveAt }, update: {} })
    : null;
  return { department, wave };
}
