/**
 * The callback log's "replay": an admin re-runs a stored provider callback through the normal path
 * (lib/orders/callbacks.ts: re-read 订单详情, apply under the order's lock, log the outcome).
 */
import 'server-only';
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { replayCallback, type CallbackVerdict } from './callbacks';

export const replaySchema = z.object({
  callbackId: z.coerce
    .number({ error: '回调编号无效。' })
    .int('回调编号无效。')
    .positive('回调编号无效。')
    .max(Number.MAX_SAFE_INTEGER, '回调编号无效。'),
});

export interface ReplayResult {
  verdict: CallbackVerdict;
  /** The new log row recording the replay. */
  logId: number;
}

export const replayCallbackDef = {
  roles: ['admin'],
  schema: replaySchema,
  body: async ({ callbackId }, user) => {
    // The guard has checked the role; a null user here cannot happen, and is refused if it does.
    if (!user) throw new AppError('unauthenticated', '请先登录。');
    const out = await replayCallback(callbackId, user.id);
    return { verdict: out.verdict, logId: out.logId };
  },
} satisfies GuardedDef<typeof replaySchema, ReplayResult>;
