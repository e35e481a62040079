/**
 * Demo data, inserted on first start and left alone afterwards (idempotent: existing rows win).
 * The demo logins are printed by `npm start` and used by the end-to-end tests.
 */
import bcrypt from 'bcryptjs';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { agencies, agencyMembers, users, type Role } from './schema';

export const DEMO_ACCOUNTS: { email: string; password: string; displayName: string; role: Role }[] = [
  { email: 'traveller@demo.test', password: 'Traveller2026', displayName: '演示旅客', role: 'traveller' },
  { email: 'agent@demo.test', password: 'Agent2026demo', displayName: '演示代理', role: 'agent' },
  { email: 'admin@demo.test', password: 'Admin2026demo', displayName: '演示管理员', role: 'admin' },
];

export const DEMO_AGENCY = { name: '示例旅行社', balanceFen: 500_000 };

export async function seedDemoData(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const db = drizzle(sql, { casing: 'snake_case' });
  try {
    for (const a of DEMO_ACCOUNTS) {
      const exists = await sql`select 1 from users where email = ${a.email}`;
      if (exists.length) continue;
      await db
        .insert(users)
        .values({
          email: a.email,
          displayName: a.displayName,
          role: a.role,
          passwordHash: await bcrypt.hash(a.password, 11),
        })
        .onConflictDoNothing({ target: users.email });
    }
    const [agency] = await db
      .insert(agencies)
      .values(DEMO_AGENCY)
      .onConflictDoNothing({ target: agencies.name })
      .returning({ id: agencies.id });
    if (agency) {
      const [agent] = await sql<{ id: string }[]>`select id from users where email = 'agent@demo.test'`;
      if (agent) {
        await db
          .insert(agencyMembers)
          .values({ agencyId: agency.id, userId: agent.id, memberRole: 'owner' })
          .onConflictDoNothing();
      }
    }
  } finally {
    await sql.end();
  }
}
