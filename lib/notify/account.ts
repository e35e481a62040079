/**
 * Account notices (password changed, account locked): queued after the change committed, best effort:
 * a failure to queue is logged and never fails the sign-in or the password change.
 */
import { logError } from '@/lib/log';
import { sendNotification } from './events';

export async function notifyAccount(
  userId: string,
  what: 'password_changed' | 'locked',
  /** What makes this occurrence one event (the session version after the change, the lock's end). */
  occurrence: string,
  facts: Record<string, string | number> = {},
): Promise<void> {
  try {
    await sendNotification({
      kind: 'account_security',
      key: `account:${userId}:${what}:${occurrence}`,
      userId,
      facts: { what, ...facts },
    });
  } catch (e) {
    logError('account notice not queued', e);
  }
}
