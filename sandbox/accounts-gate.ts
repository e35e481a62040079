/**
 * The seam to the accounts engineer's module (sandbox/accounts/, not ours): their hono sub-app of
 * account/*, passengers/* and password/* (mounted under /train by server.ts), the booking check
 * 创单 uses, and the idempotent seeding of the demo account `sandbox` / `sandbox123`.
 */
import type { Hono } from 'hono';
import type postgres from 'postgres';
import { accountBookingState, createAccountRoutes, seedDemoAccount } from './accounts';
import { sandboxNow } from './clock';

export type BookingState = 'ok' | 'not_logged_in' | 'unknown';

export interface AccountsModule {
  routes: Hono;
  /** May this 12306 account book now (plain-text account; the password is checked when given)? */
  bookingState: (trainAccount: string, trainPassword?: string) => Promise<BookingState>;
  seed: () => Promise<void>;
}

export function accountsModule(sql: postgres.Sql, secretKey: string, log: (s: string) => void): AccountsModule {
  return {
    routes: createAccountRoutes({ sql, secretKey, now: () => sandboxNow(sql), log }),
    bookingState: (account, password) => accountBookingState(sql, account, undefined, password),
    seed: () => seedDemoAccount(sql),
  };
}
