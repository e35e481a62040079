/** The engine's handlers for the job kinds of ../jobs.ts (each runs inside the job's transaction). */
import type { JobHandlers } from '../jobs';
import { expireChange, issueChange, resolveChangeHold } from './changes';
import type { Ctx } from './context';
import { releaseJob } from './control';
import { expireHold, issue, resolveHold } from './orders';
import { completeRefund } from './refunds';

export function jobHandlers(own: Ctx): Omit<JobHandlers, 'juheReject'> {
  // A job acts on the order it names, whichever key placed it.
  const ctx: Ctx = { ...own, anyOwner: true };
  return {
    hold: (tx, ref) => resolveHold(ctx, tx, ref),
    expire: async (tx, ref) => void (await expireHold(ctx, tx, ref)),
    issue: (tx, ref) => issue(ctx, tx, ref),
    refund: (tx, ref) => completeRefund(ctx, tx, ref),
    changeHold: (tx, ref) => resolveChangeHold(ctx, tx, ref),
    changeExpire: async (tx, ref) => void (await expireChange(ctx, tx, ref)),
    changeIssue: (tx, ref) => issueChange(ctx, tx, ref),
    release: (tx, ref) => releaseJob(ctx, tx, ref),
  };
}
