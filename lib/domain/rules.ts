/**
 * The one dated table of rules that change by notice (marked "verify" in the domain notes) and of
 * sandbox defaults. Code reads these constants; nothing else hard-codes them.
 *
 * | rule | value | effective from | source |
 * | --- | --- | --- | --- |
 * | pre-sale window | 15 days incl. today | 2019-01-01 | 12306 notice; DOMAIN_NOTES |
 * | online sales/refund/change close | 25 min before departure | 2020-01-01 | 12306 practice (verify) |
 * | refund fee | ≥8 d free, ≥48 h 5 %, 24–48 h 10 %, <24 h 20 %, min ¥2 | 2013-09-01 | 12306 退票规则 |
 * | no online refund within | 5 min of issue (msgCode 309) | 2023-12-15 | panhe-train-api.md |
 * | pay limit | 10 min; 2 min when departure is < 30 min away | 2023-12-15 | panhe-train-api.md 创单 |
 * | change fee rate | 5 % (provider example) | 2024-01-25 | panhe-train-api.md 订单详情 example (verify) |
 * | passengers per order | 9 | 2023-12-15 | panhe-train-api.md 创单 |
 * | frequent passengers per account | 15; verified ones not deletable for 1 month | 2023-12-15 | panhe-train-api.md |
 * | 12306 session | re-login after 10 h | 2023-12-15 | panhe-train-api.md (verify) |
 * | child fare age | 6 to under 14 | 2023-01-01 | 12306 儿童票新规 |
 */
export const RULES_EFFECTIVE = '2026-11-24';

export const PRESALE_DAYS = 15;
export const SALES_CLOSE_MINUTES_BEFORE_DEPARTURE = 25;
export const REFUND_LOCK_AFTER_ISSUE_MINUTES = 5;
export const PAY_LIMIT_MINUTES = 10;
export const SHORT_PAY_LIMIT_MINUTES = 2;
export const SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES = 30;
export const CHANGE_FEE_PERCENT = 5;
export const MAX_PASSENGERS_PER_ORDER = 9;
export const MAX_FREQUENT_PASSENGERS = 15;
export const VERIFIED_PASSENGER_DELETE_LOCK_DAYS = 30;
export const TRAIN_ACCOUNT_SESSION_HOURS = 10;
export const CHILD_AGE_FROM = 6;
export const CHILD_AGE_UNDER = 14;

/** Refund fee schedule: the first row whose threshold the time before departure reaches applies. */
export const REFUND_FEE_SCHEDULE: { atLeastHoursBefore: number; percent: number }[] = [
  { atLeastHoursBefore: 8 * 24, percent: 0 },
  { atLeastHoursBefore: 48, percent: 5 },
  { atLeastHoursBefore: 24, percent: 10 },
  { atLeastHoursBefore: 0, percent: 20 },
];
export const MIN_REFUND_FEE_FEN = 200;
