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

/**
 * The demo agency's opening balance, as a top-up in the ledger (bank → agency balance), the same rows
 * lib/ledger posts; once only (its ref is unique).
 */
async function seedDemoTopUp(sql: postgres.Sql, agencyId: string, amountFen: number): Promise<void> {
  await sql.begin(async (tx) => {
    const [t] = await tx<{ id: string }[]>`
      insert into ledger_transactions (kind, ref, agency_id, memo, created_by)
      values ('topup', ${`seed:${agencyId}`}, ${agencyId}, '演示数据：开户充值', 'seed')
      on conflict (ref) do nothing returning id`;
    if (!t) return;
    const account = async (kind: string, agency: string | null, guarded: boolean) => {
      await tx`insert into ledger_accounts (kind, agency_id, non_negative)
        values (${kind}, ${agency}, ${guarded}) on conflict do nothing`;
      const [a] = agency
        ? await tx<{ id: string }[]>`select id from ledger_accounts where kind = ${kind} and agency_id = ${agency}`
        : await tx<{ id: string }[]>`select id from ledger_accounts where kind = ${kind} and agency_id is null`;
      return a!.id;
    };
    for (const [id, amount] of [
      [await account('bank', null, false), -amountFen],
      [await account('agency_balance', agencyId, true), amountFen],
    ] as const) {
      const [moved] = await tx<{ balance_fen: string }[]>`
        update ledger_accounts set balance_fen = balance_fen + ${amount} where id = ${id} returning balance_fen`;
      await tx`insert into ledger_entries (transaction_id, account_id, amount_fen, balance_after_fen)
        values (${t.id}, ${id}, ${amount}, ${moved!.balance_fen})`;
    }
  });
}

/**
 * Refuses (throws) in a production configuration: demo passwords are published, an admin among them.
 * The caller passes why its configuration is production (lib/env.ts productionSignals; empty for a
 * local installation): db/ reads no configuration of the portal's.
 */
export async function seedDemoData(databaseUrl: string, productionSignals: string[]): Promise<void> {
  if (productionSignals.length) {
    throw new Error(`Refusing to seed the demo accounts: production configuration (${productionSignals.join('; ')}).`);
  }
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
      await seedDemoTopUp(sql, agency.id, DEMO_AGENCY.balanceFen);
    }
  } finally {
    await sql.end();
  }
}
