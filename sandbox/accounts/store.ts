/** Database access shared by the account routes, the seed and the booking-state check (drizzle). */
import { and, asc, desc, eq } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { sandboxNow } from '@/sandbox/clock';
import { accountFrequentPassengers, accountUsers } from '@/sandbox/db/accounts.schema';
import { identityVerifyStatus, maskCardNo, mobileVerifyStatus } from './rules';

export type AccountsDb = PostgresJsDatabase;
export type AccountsTx = Parameters<Parameters<AccountsDb['transaction']>[0]>[0];
export type DbOrTx = AccountsDb | AccountsTx;
export type AccountUserRow = typeof accountUsers.$inferSelect;
export type PassengerRow = typeof accountFrequentPassengers.$inferSelect;

const instances = new WeakMap<postgres.Sql, AccountsDb>();

export function accountsDb(sql: postgres.Sql): AccountsDb {
  let db = instances.get(sql);
  if (!db) {
    db = drizzle({ client: sql });
    instances.set(sql, db);
  }
  return db;
}

export async function findAccount(db: DbOrTx, account: string): Promise<AccountUserRow | undefined> {
  const [row] = await db.select().from(accountUsers).where(eq(accountUsers.account, account));
  return row;
}

/** The holder's record first, then the others in the order they were added. */
export function listPassengerRows(db: DbOrTx, account: string): Promise<PassengerRow[]> {
  return db
    .select()
    .from(accountFrequentPassengers)
    .where(eq(accountFrequentPassengers.account, account))
    .orderBy(desc(accountFrequentPassengers.isSelf), asc(accountFrequentPassengers.id));
}

export async function findHolder(db: DbOrTx, account: string): Promise<PassengerRow | undefined> {
  const [row] = await db
    .select()
    .from(accountFrequentPassengers)
    .where(and(eq(accountFrequentPassengers.account, account), eq(accountFrequentPassengers.isSelf, true)));
  return row;
}

/** One 常旅客 as 获取常旅客 documents it (card number and birthday masked as in its example). */
export interface PassengerRecordWire {
  id: number;
  name: string;
  cardType: number;
  cardNo: string;
  mobile: string;
  passengerType: number;
  birthday: string;
  sex: number;
  country: string;
  email: string;
  address: string;
  identityVerifyStatus: number;
  mobileVerifyStatus: number;
  isUserSelf: boolean;
}

export function toPassengerRecord(row: PassengerRow, now: Date): PassengerRecordWire {
  return {
    id: row.id,
    name: row.name,
    cardType: row.cardType,
    cardNo: maskCardNo(row.cardNo),
    mobile: row.mobile ?? '',
    passengerType: row.passengerType,
    birthday: '****-**-**',
    sex: row.sex ?? 0,
    country: row.countryCode ?? 'CN',
    email: '',
    address: '',
    identityVerifyStatus: identityVerifyStatus(row.identityVerifiedAt, now),
    mobileVerifyStatus: mobileVerifyStatus(row.mobileVerifiedAt, now),
    isUserSelf: row.isSelf,
  };
}

/** The Postgres error code (and constraint) behind a drizzle or postgres.js error, if any. */
export function pgError(e: unknown): { code?: string; constraint?: string; message?: string } {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const c = cur as { code?: unknown; constraint_name?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code))
      return {
        code: c.code,
        constraint: typeof c.constraint_name === 'string' ? c.constraint_name : undefined,
        // Postgres' own message (no query parameters, so no credentials).
        message: typeof c.message === 'string' ? c.message : undefined,
      };
    cur = c.cause;
  }
  return {};
}

/** The sandbox clock (sandbox/clock.ts); real time where its table does not exist (bare test databases). */
export async function defaultNow(sql: postgres.Sql): Promise<Date> {
  try {
    return await sandboxNow(sql);
  } catch (e) {
    if (pgError(e).code === '42P01') return new Date();
    throw e;
  }
}
