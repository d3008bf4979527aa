/**
 * Roster import against real PostgreSQL: every validation rule reported by
 * line with nothing written, then imports that create, link and update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster, type RosterImportResult } from '../../src/adoption/roster.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';

let db: TestDatabase;
const HEADER = 'email,name,department,role,manager,site,wave,go-live date';
const NOW = () => new Date('2025-06-01T00:00:00Z');

/** GB 11643-1999 check character, written here independently of the code under test. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

async function newTenant(externalId: string, platform: 'slack' | 'teams' | 'local' = 'slack') {
  return (await db.prisma.tenant.create({ data: { platform, externalId, timezone: 'Asia/Shanghai' } })).id;
}

function problemsOf(result: RosterImportResult) {
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.summary)}`);
  return result.problems;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('roster validation', () => {
  let tenantId: string;
  beforeAll(async () => {
    tenantId = await newTenant('T-validate');
  });

  async function expectNothingWritten() {
    expect(await db.prisma.user.count({ where: { tenantId } })).toBe(0);
    expect(await db.prisma.department.count({ where: { tenantId } })).toBe(0);
    expect(await db.prisma.rolloutWave.count({ where: { tenantId } })).toBe(0);
  }

  it('reports every problem of the file by line and writes nothing', async () => {
    const result = await importRoster(
      db.prisma,
      tenantId,
      csv(
        'ann@example.com,Ann,Finance,manager,,Shanghai,Wave 1,2025-03-01', // 2: fine
        'not-an-email,Bob,Finance,end_user,ann@example.com,Shanghai,Wave 1,2025-03-01', // 3
        'ANN@example.com,Ann Again,Finance,end_user,,Shanghai,Wave 1,2025-03-01', // 4: duplicate email
        'cy@example.com,Cy,Finance,superuser,ann@example.com,Shanghai,Wave 1,', // 5: role
        'di@example.com,Di,Finance,end_user,nobody@example.com,Shanghai,Wave 1,2025-03-01', // 6: unknown manager
        'ed@example.com,Ed,Sales,end_user,ann@example.com,Beijing,Wave 2,2025-13-01', // 7: bad date (reported once, not again as "wave without a date")
        'fay@example.com,Fay,Sales,end_user,ann@example.com,Beijing,Wave 1,2025-04-01', // 8: wave with a second date
      ),
    );
    expect(problemsOf(result)).toEqual([
      { line: 3, message: '"not-an-email" is not an email address' },
      { line: 4, message: 'duplicate email ann@example.com (first on line 2)' },
      { line: 5, message: expect.stringContaining('role "superuser" is not one of end_user, champion, engineer, manager, admin') },
      { line: 6, message: expect.stringContaining('manager "nobody@example.com" is neither in this roster') },
      { line: 7, message: 'go-live date "2025-13-01" is not a date in the form YYYY-MM-DD' },
      { line: 8, message: 'wave "Wave 1" goes live on 2025-03-01 on line 2 but on 2025-04-01 here' },
    ]);
    await expectNothingWritten();
  });

  it('counts lines of quoted fields that span lines', async () => {
    const result = await importRoster(
      db.prisma,
      tenantId,
      csv('ann@example.com,"Ann\nLee",Finance,end_user,,Shanghai,Wave 1,2025-03-01', 'bad,Bob,Finance,end_user,,Shanghai,Wave 1,2025-03-01'),
    );
    expect(problemsOf(result)).toEqual([{ line: 4, message: '"bad" is not an email address' }]);
  });

  it('refuses a file with missing columns, naming them', async () => {
    const result = await importRoster(db.prisma, tenantId, 'email,name\nann@example.com,Ann\n');
    expect(problemsOf(result)).toEqual([{ line: 1, message: 'missing column(s): department, role, manager, site, wave, goLiveDate' }]);
  });

  it('finds duplicate employee ids', async () => {
    const result = await importRoster(
      db.prisma,
      tenantId,
      [
        `${HEADER},employee id`,
        'ann@example.com,Ann,Finance,manager,,Shanghai,Wave 1,2025-03-01,E1',
        'bob@example.com,Bob,Finance,end_user,E1,Shanghai,Wave 1,2025-03-01,E1',
      ].join('\n'),
    );
    expect(problemsOf(result)).toEqual([{ line: 3, message: 'duplicate employee id E1 (first on line 2)' }]);
    await expectNothingWritten();
  });

  it('finds manager cycles, including a person managing themselves', async () => {
    const result = await importRoster(
      db.prisma,
      tenantId,
      csv(
        'ann@example.com,Ann,Finance,manager,bob@example.com,Shanghai,Wave 1,2025-03-01',
        'bob@example.com,Bob,Finance,manager,ann@example.com,Shanghai,Wave 1,2025-03-01',
        'cy@example.com,Cy,Finance,end_user,ann@example.com,Shanghai,Wave 1,2025-03-01',
        'di@example.com,Di,Finance,manager,di@example.com,Shanghai,Wave 1,2025-03-01',
      ),
    );
    expect(problemsOf(result)).toEqual([
      { line: 2, message: 'manager cycle: ann@example.com → bob@example.com → ann@example.com' },
      { line: 3, message: 'manager cycle: ann@example.com → bob@example.com → ann@example.com' },
      { line: 5, message: 'manager cycle: di@example.com → di@example.com' },
    ]);
    await expectNothingWritten();
  });

  it('checks Chinese resident IDs when the column is present: checksum and birth date', async () => {
    const valid = residentId('11010519491231002');
    // Search the sequence numbers for one whose check character is X, so that case is covered too (given lower-case).
    const withX = Array.from({ length: 1000 }, (_, n) => residentId(`11010519900307${String(n).padStart(3, '0')}`)).find((id) => id.endsWith('X'))!;
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const impossibleBirth = residentId('11010519990230123'); // 30 February, with a correct check digit
    const result = await importRoster(
      db.prisma,
      tenantId,
      [
        `${HEADER},resident id`,
        `ann@example.com,Ann,Finance,manager,,Shanghai,Wave 1,2025-03-01,${valid}`,
        `bob@example.com,Bob,Finance,end_user,ann@example.com,Shanghai,Wave 1,,${withX.toLowerCase()}`,
        `cy@example.com,Cy,Finance,end_user,ann@example.com,Shanghai,Wave 1,,${wrongCheck}`,
        `di@example.com,Di,Finance,end_user,ann@example.com,Shanghai,Wave 1,,${impossibleBirth}`,
        'ed@example.com,Ed,Finance,end_user,ann@example.com,Shanghai,Wave 1,,1234',
        'fay@example.com,Fay,Finance,end_user,ann@example.com,Shanghai,Wave 1,,',
      ].join('\n'),
      { now: NOW },
    );
    expect(withX).toMatch(/^\d{17}X$/);
    expect(problemsOf(result)).toEqual([
      { line: 4, message: `resident ID check digit is ${wrongCheck[17]}, expected ${valid[17]}: a digit is probably mistyped` },
      { line: 5, message: 'resident ID holds an impossible birth date 1999-02-30' },
      { line: 6, message: 'resident ID must be 18 characters: 17 digits and a check digit or X' },
    ]);
    await expectNothingWritten();
  });
});

describe('roster import', () => {
  it('creates people, departments and waves, and links managers by email and employee id', async () => {
    const tenantId = await newTenant('T-import');
    const result = await importRoster(
      db.prisma,
      tenantId,
      [
        `${HEADER},employee id`,
        // A report listed before their manager: links are set after every person exists.
        'cy@example.com,Cy Chen,Finance,end_user,E-ANN,Shanghai,Pilot,',
        'ann@example.com,Ann Lee,Finance,manager,,Shanghai,Pilot,2025-03-01,E-ANN',
        'bob@example.com,Bob Wu,Sales,champion,ann@example.com,Beijing,Wave 2,2025-04-15,E-BOB',
        'dan@example.com,Dan,,End user,,,,',
      ].join('\n'),
    );
    expect(result).toEqual({
      ok: true,
      summary: { people: { created: 4, updated: 0 }, departments: { created: 2, total: 2 }, waves: { created: 2, updated: 0, total: 2 }, managerLinks: 2 },
    });
    const users = await db.prisma.user.findMany({
      where: { tenantId },
      include: { department: true, wave: true, manager: true },
      orderBy: { email: 'asc' },
    });
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const ann = byEmail.get('ann@example.com')!;
    expect(ann).toMatchObject({ platform: 'slack', platformUserId: 'roster:ann@example.com', displayName: 'Ann Lee', role: 'manager', employeeId: 'E-ANN', site: 'Shanghai' });
    expect(ann.department?.name).toBe('Finance');
    // Go-live is midnight in the tenant's zone (Asia/Shanghai, UTC+8).
    expect(ann.wave?.goLiveAt.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(byEmail.get('cy@example.com')!.manager?.email).toBe('ann@example.com');
    expect(byEmail.get('cy@example.com')!.wave?.name).toBe('Pilot');
    expect(byEmail.get('bob@example.com')).toMatchObject({ role: 'champion', managerId: ann.id });
    expect(byEmail.get('dan@example.com')).toMatchObject({ role: 'end_user', departmentId: null, waveId: null, managerId: null, site: null });
  });

  it('adopts a user who chatted before instead of creating a second row, and re-imports update', async () => {
    const tenantId = await newTenant('T-reimport');
    const chatUser = await db.prisma.user.create({
      data: { tenantId, platform: 'slack', platformUserId: 'U123', displayName: 'annie', email: 'Ann@Example.com' },
    });
    const first = await importRoster(
      db.prisma,
      tenantId,
      csv(
        'ann@example.com,Ann Lee,Finance,manager,,Shanghai,Pilot,2025-03-01',
        'bob@example.com,Bob Wu,Finance,end_user,ann@example.com,Shanghai,Pilot,2025-03-01',
      ),
    );
    expect(first.ok && first.summary.people).toEqual({ created: 1, updated: 1 });
    const ann = await db.prisma.user.findUniqueOrThrow({ where: { id: chatUser.id } });
    // The chat identity is kept; the platform's display name is not overwritten.
    expect(ann).toMatchObject({ platformUserId: 'U123', displayName: 'annie', email: 'ann@example.com', role: 'manager', site: 'Shanghai' });

    const second = await importRoster(
      db.prisma,
      tenantId,
      csv(
        'ann@example.com,Ann Lee,Finance,admin,,Shanghai,Pilot,2025-03-08',
        'bob@example.com,Bob Wu-Li,Sales,champion,,Beijing,Wave 2,2025-05-01',
      ),
    );
    expect(second).toEqual({
      ok: true,
      summary: { people: { created: 0, updated: 2 }, departments: { created: 1, total: 2 }, waves: { created: 1, updated: 1, total: 2 }, managerLinks: 0 },
    });
    expect(await db.prisma.user.count({ where: { tenantId } })).toBe(2);
    const bob = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'bob@example.com' }, include: { department: true, wave: true } });
    expect(bob).toMatchObject({ displayName: 'Bob Wu-Li', role: 'champion', managerId: null, site: 'Beijing' });
    expect(bob.department?.name).toBe('Sales');
    expect(bob.wave?.goLiveAt.toISOString()).toBe('2025-04-30T16:00:00.000Z');
    const pilot = await db.prisma.rolloutWave.findFirstOrThrow({ where: { tenantId, name: 'Pilot' } });
    expect(pilot.goLiveAt.toISOString()).toBe('2025-03-07T16:00:00.000Z');
  });

  it('accepts a manager who is already in the tenant, and sees cycles through them', async () => {
    const tenantId = await newTenant('T-tenant-managers');
    const first = await importRoster(
      db.prisma,
      tenantId,
      csv('ann@example.com,Ann,Finance,manager,,Shanghai,Pilot,2025-03-01', 'xi@example.com,Xi,Finance,manager,ann@example.com,Shanghai,Pilot,'),
    );
    expect(first.ok).toBe(true);

    // Only Cy in this file; his manager Xi is known from the earlier import. An existing wave needs no date.
    const second = await importRoster(db.prisma, tenantId, csv('cy@example.com,Cy,Finance,end_user,XI@example.com,Shanghai,Pilot,'));
    expect(second.ok && second.summary.managerLinks).toBe(1);

    // Ann reporting to Xi, who reports to Ann in the tenant: a cycle the file alone does not show.
    const third = await importRoster(db.prisma, tenantId, csv('ann@example.com,Ann,Finance,manager,xi@example.com,Shanghai,Pilot,'));
    expect(problemsOf(third)).toEqual([{ line: 2, message: 'manager cycle: ann@example.com → xi@example.com → ann@example.com' }]);
    const ann = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'ann@example.com' } });
    expect(ann.managerId).toBeNull();
  });

  it('refuses an employee id that another person of the tenant holds', async () => {
    const tenantId = await newTenant('T-employee-ids');
    await db.prisma.user.create({ data: { tenantId, platform: 'slack', platformUserId: 'U9', email: 'zed@example.com', employeeId: 'E7' } });
    const result = await importRoster(
      db.prisma,
      tenantId,
      [`${HEADER},employee id`, 'ann@example.com,Ann,Finance,manager,,Shanghai,Pilot,2025-03-01,E7'].join('\n'),
    );
    expect(problemsOf(result)).toEqual([{ line: 2, message: 'employee id E7 already belongs to zed@example.com in this tenant' }]);
  });
});
