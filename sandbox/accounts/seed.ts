/** The demo 12306 account `sandbox` / `sandbox123`, present from the start. */
import type postgres from 'postgres';
import { accountFrequentPassengers, accountUsers } from '@/sandbox/db/accounts.schema';
import { birthDateOfIdNumber, idNumberFor } from './id-number';
import { hashPassword } from './password';
import { DEMO_ACCOUNT, sexOfIdNumber } from './rules';
import { accountsDb, defaultNow, findAccount } from './store';

export const DEMO_MOBILE = '13800000000';
const DEMO_VERIFIED_AT = new Date('2020-01-01T00:00:00+08:00');

/** The demo account's 常旅客: the holder and two verified travellers (valid GB 11643 numbers). */
export const DEMO_PASSENGERS = [
  {
    name: '张伟',
    cardNo: idNumberFor('110101', '1985-03-15', 13),
    passengerType: 1,
    mobile: DEMO_MOBILE,
    isSelf: true,
  },
  {
    name: '李娜',
    cardNo: idNumberFor('310104', '1988-11-02', 24),
    passengerType: 1,
    mobile: '13900000001',
    isSelf: false,
  },
  { name: '张小宝', cardNo: idNumberFor('110101', '2016-08-08', 35), passengerType: 2, mobile: null, isSelf: false },
] as const;

/**
 * Creates the demo account if it is missing (idempotent: an existing account and its passengers are
 * left as they are). The account needs no SMS verification and its session never expires, so orders
 * can be placed with it at once; its password cannot be changed through the API. `at`: sandbox clock.
 */
export async function seedDemoAccount(sql: postgres.Sql, at?: Date): Promise<void> {
  const db = accountsDb(sql);
  const now = at ?? (await defaultNow(sql));
  // The demo travellers were verified long before any sandbox clock a test may set, so whichever
  // clock seeds them first, they read as 已通过 under every later one.
  const verifiedAt = DEMO_VERIFIED_AT;
  if (!(await findAccount(db, DEMO_ACCOUNT.account))) {
    const passwordHash = await hashPassword(DEMO_ACCOUNT.password);
    await db
      .insert(accountUsers)
      .values({
        account: DEMO_ACCOUNT.account,
        passwordHash,
        mobile: DEMO_MOBILE,
        smsVerified: true,
        sessionNeverExpires: true,
        loggedInAt: now,
        createdAt: now,
      })
      .onConflictDoNothing();
    if (!(await findAccount(db, DEMO_ACCOUNT.account)))
      throw new Error(`cannot seed the demo 12306 account: mobile ${DEMO_MOBILE} belongs to another account`);
  }
  await db
    .insert(accountFrequentPassengers)
    .values(
      DEMO_PASSENGERS.map((p) => ({
        account: DEMO_ACCOUNT.account,
        name: p.name,
        cardType: 1,
        cardNo: p.cardNo,
        mobile: p.mobile,
        passengerType: p.passengerType,
        birthday: birthDateOfIdNumber(p.cardNo),
        sex: sexOfIdNumber(p.cardNo),
        identityVerifiedAt: verifiedAt,
        mobileVerifiedAt: p.mobile ? verifiedAt : null,
        isSelf: p.isSelf,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
}
