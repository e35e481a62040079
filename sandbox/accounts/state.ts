/**
 * What the order engine (创单占座) needs from the 12306 side: may this account book now, and who are
 * its 常旅客. Plain-text account names (the caller decrypts trainAccount / trainPassword).
 */
import type postgres from 'postgres';
import { verifyPassword } from './password';
import { identityVerifyStatus, isSessionLive, mobileVerifyStatus } from './rules';
import { accountsDb, defaultNow, findAccount, listPassengerRows } from './store';

/**
 * - `ok`: the account exists and has a live login session (or is the demo account);
 * - `not_logged_in`: never logged in, logged out by a password change, the 10-hour session is over,
 *   or (when `trainPassword` is given) the password does not match — 12306 would refuse the login;
 * - `unknown`: no such 12306 account.
 */
export type AccountBookingState = 'ok' | 'not_logged_in' | 'unknown';

/** `now` defaults to the sandbox clock. */
export async function accountBookingState(
  sql: postgres.Sql,
  trainAccount: string,
  now?: Date,
  trainPassword?: string,
): Promise<AccountBookingState> {
  const user = await findAccount(accountsDb(sql), trainAccount);
  if (!user) return 'unknown';
  if (trainPassword !== undefined && !(await verifyPassword(trainPassword, user.passwordHash))) return 'not_logged_in';
  return isSessionLive(user.loggedInAt, now ?? (await defaultNow(sql)), user.sessionNeverExpires)
    ? 'ok'
    : 'not_logged_in';
}

/** A 常旅客 unmasked, for the sandbox's own use (the wire answer masks cardNo and birthday). */
export interface AccountPassenger {
  id: number;
  name: string;
  cardType: number;
  cardNo: string;
  mobile: string | null;
  passengerType: number;
  birthday: string | null;
  sex: number | null;
  countryCode: string | null;
  cardValidEndDate: string | null;
  identityVerifyStatus: 1 | 3;
  mobileVerifyStatus: 0 | 1;
  isUserSelf: boolean;
}

/** The account's 常旅客, holder first; null when the account does not exist. `now`: sandbox clock. */
export async function listAccountPassengers(
  sql: postgres.Sql,
  trainAccount: string,
  now?: Date,
): Promise<AccountPassenger[] | null> {
  const db = accountsDb(sql);
  if (!(await findAccount(db, trainAccount))) return null;
  const rows = await listPassengerRows(db, trainAccount);
  const at = now ?? (await defaultNow(sql));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    cardType: r.cardType,
    cardNo: r.cardNo,
    mobile: r.mobile,
    passengerType: r.passengerType,
    birthday: r.birthday,
    sex: r.sex,
    countryCode: r.countryCode,
    cardValidEndDate: r.cardValidEndDate,
    identityVerifyStatus: identityVerifyStatus(r.identityVerifiedAt, at),
    mobileVerifyStatus: mobileVerifyStatus(r.mobileVerifiedAt, at),
    isUserSelf: r.isSelf,
  }));
}
