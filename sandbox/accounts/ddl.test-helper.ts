/**
 * TESTS ONLY. The account tables of sandbox/db/accounts.schema.ts as plain SQL, for integration tests
 * that run before the lead's generated migrations include them. Kept in sync with the drizzle schema by
 * ddl.test.ts (it compares these statements with drizzle-kit's output); the real migrations replace it.
 */
import type postgres from 'postgres';

export const ACCOUNTS_TEST_DDL: readonly string[] = [
  `CREATE TABLE "sandbox"."account_users" (
	"account" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"mobile" text NOT NULL,
	"email" text,
	"sms_verified" boolean DEFAULT false NOT NULL,
	"session_never_expires" boolean DEFAULT false NOT NULL,
	"logged_in_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);`,
  `CREATE TABLE "sandbox"."account_frequent_passengers" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"name" text NOT NULL,
	"card_type" smallint NOT NULL,
	"card_no" text NOT NULL,
	"mobile" text,
	"passenger_type" smallint DEFAULT 1 NOT NULL,
	"birthday" text,
	"sex" smallint,
	"country_code" text,
	"card_valid_end_date" text,
	"identity_verified_at" timestamp with time zone,
	"mobile_verified_at" timestamp with time zone,
	"is_self" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);`,
  `CREATE TABLE "sandbox"."account_sms_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"purpose" text NOT NULL,
	"request_id" text,
	"code" text NOT NULL,
	"new_password_hash" text,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);`,
  `ALTER TABLE "sandbox"."account_frequent_passengers" ADD CONSTRAINT "account_frequent_passengers_account_account_users_account_fk" FOREIGN KEY ("account") REFERENCES "sandbox"."account_users"("account") ON DELETE cascade ON UPDATE no action;`,
  `ALTER TABLE "sandbox"."account_sms_codes" ADD CONSTRAINT "account_sms_codes_account_account_users_account_fk" FOREIGN KEY ("account") REFERENCES "sandbox"."account_users"("account") ON DELETE cascade ON UPDATE no action;`,
  `CREATE UNIQUE INDEX "account_users_mobile_key" ON "sandbox"."account_users" USING btree ("mobile");`,
  `CREATE UNIQUE INDEX "account_frequent_passengers_card_key" ON "sandbox"."account_frequent_passengers" USING btree ("account","card_type","card_no");`,
  `CREATE UNIQUE INDEX "account_frequent_passengers_self_key" ON "sandbox"."account_frequent_passengers" USING btree ("account") WHERE "sandbox"."account_frequent_passengers"."is_self";`,
  `CREATE UNIQUE INDEX "account_frequent_passengers_holder_card_key" ON "sandbox"."account_frequent_passengers" USING btree ("card_type","card_no") WHERE "sandbox"."account_frequent_passengers"."is_self";`,
  `CREATE UNIQUE INDEX "account_sms_codes_request_key" ON "sandbox"."account_sms_codes" USING btree ("purpose","request_id");`,
  `CREATE INDEX "account_sms_codes_account_idx" ON "sandbox"."account_sms_codes" USING btree ("account","purpose");`,
];

const TABLES = ['account_sms_codes', 'account_frequent_passengers', 'account_users'] as const;

/**
 * Creates the schema `sandbox` (if missing) and the account tables unless they already exist (e.g. made
 * by the real migrations in an earlier test file). Answers whether it created them: only then should
 * the test drop them afterwards (dropAccountTables), so a later migration run does not collide.
 */
export async function createAccountTables(sql: postgres.Sql): Promise<boolean> {
  await sql`create schema if not exists sandbox`;
  const [row] = await sql<{ t: string | null }[]>`select to_regclass('sandbox.account_users')::text as t`;
  if (row?.t) return false;
  await sql.begin(async (tx) => {
    for (const statement of ACCOUNTS_TEST_DDL) await tx.unsafe(statement);
  });
  return true;
}

export async function dropAccountTables(sql: postgres.Sql): Promise<void> {
  for (const table of TABLES) await sql.unsafe(`drop table if exists "sandbox"."${table}" cascade`);
}
