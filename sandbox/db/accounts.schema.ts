/**
 * The sandbox's 12306 side: accounts, their 常旅客 and pending SMS codes (sandbox/accounts/).
 * Postgres schema `sandbox`, tables prefixed `account_`. Passwords are stored as scrypt hashes only.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './columns';
import { sandbox as s } from './sandbox.schema';

/** A 12306 account. The holder's identity lives in account_frequent_passengers (is_self). */
export const accountUsers = s.table(
  'account_users',
  {
    /** The 12306 user name (plain text: the sandbox is the 12306 side). */
    account: text('account').primaryKey(),
    /** scrypt$N$r$p$salt$hash (sandbox/accounts/password.ts). */
    passwordHash: text('password_hash').notNull(),
    mobile: text('mobile').notNull(),
    email: text('email'),
    /** The one-time login SMS verification (登录短信验证) has been passed. */
    smsVerified: boolean('sms_verified').notNull().default(false),
    /** The demo account: its session never expires, so the portal can book with it at once. */
    sessionNeverExpires: boolean('session_never_expires').notNull().default(false),
    /** Start of the current login session (sandbox clock); null: logged out. */
    loggedInAt: tstz('logged_in_at'),
    passwordChangedAt: tstz('password_changed_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [uniqueIndex('account_users_mobile_key').on(t.mobile)],
);

/** 常旅客 of an account, the holder's own record included (is_self). */
export const accountFrequentPassengers = s.table(
  'account_frequent_passengers',
  {
    id: serial('id').primaryKey(),
    account: text('account')
      .notNull()
      .references(() => accountUsers.account, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    cardType: smallint('card_type').notNull(),
    cardNo: text('card_no').notNull(),
    mobile: text('mobile'),
    passengerType: smallint('passenger_type').notNull().default(1),
    birthday: text('birthday'),
    sex: smallint('sex'),
    countryCode: text('country_code'),
    cardValidEndDate: text('card_valid_end_date'),
    /** When identity verification completes (已通过 from then on); null: never. */
    identityVerifiedAt: tstz('identity_verified_at'),
    /** When mobile verification completes (核验通过 from then on); null: no mobile. */
    mobileVerifiedAt: tstz('mobile_verified_at'),
    isSelf: boolean('is_self').notNull().default(false),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('account_frequent_passengers_card_key').on(t.account, t.cardType, t.cardNo),
    uniqueIndex('account_frequent_passengers_self_key')
      .on(t.account)
      .where(sql`${t.isSelf}`),
    /** One 12306 account per identity document. */
    uniqueIndex('account_frequent_passengers_holder_card_key')
      .on(t.cardType, t.cardNo)
      .where(sql`${t.isSelf}`),
  ],
);

/** SMS codes "sent" for 找回密码 (by caller requestID) and 修改密码 (bound to the new password). */
export const accountSmsCodes = s.table(
  'account_sms_codes',
  {
    id: serial('id').primaryKey(),
    account: text('account')
      .notNull()
      .references(() => accountUsers.account, { onDelete: 'cascade' }),
    /** 'forgot' | 'change' */
    purpose: text('purpose').notNull(),
    requestId: text('request_id'),
    code: text('code').notNull(),
    /** 修改密码: hash of the new password given with the code request. */
    newPasswordHash: text('new_password_hash'),
    attempts: smallint('attempts').notNull().default(0),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [
    uniqueIndex('account_sms_codes_request_key').on(t.purpose, t.requestId),
    index('account_sms_codes_account_idx').on(t.account, t.purpose),
  ],
);
