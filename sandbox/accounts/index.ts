/** The sandbox's 12306 accounts and 常旅客: see README.md. */
export { AccountError, type AccountRoutesDeps, createAccountRoutes, MSG } from './routes';
export { type AccountBookingState, type AccountPassenger, accountBookingState, listAccountPassengers } from './state';
export { DEMO_MOBILE, DEMO_PASSENGERS, seedDemoAccount } from './seed';
export {
  DEMO_ACCOUNT,
  MAX_FREQUENT_PASSENGERS,
  SANDBOX_SMS_CODE,
  SMS_CODE_TTL_SECONDS,
  TRAIN_ACCOUNT_SESSION_HOURS,
} from './rules';
