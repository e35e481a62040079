/**
 * Agency notices queued in the transaction of what they announce: the low prepaid balance (queued by
 * the ledger in the debit's own transaction, lib/ledger post) and the staff invitation (with the
 * invitation row). Queuing is a job row in that transaction, nothing more.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { agencyMembers, notificationSettings } from '@/db/schema';
import type { Tx } from '@/lib/aggregate';
import { sealPii } from '@/lib/crypto/pii';
import { QUEUES, sendJobs, type JobRequest } from '@/lib/jobs';

/**
 * An agency balance moved by a debit from `beforeFen` to `afterFen` (ledger entry `entryId`): each
 * active owner whose threshold (notification_settings.low_balance_fen, set on the workspace page; none:
 * no notice) the move crossed downwards (before ≥ threshold > after) gets one notice, keyed by the
 * entry, so exactly once per crossing; a further debit below the threshold crosses nothing.
 */
export async function notifyLowBalance(
  tx: Tx,
  c: { agencyId: string; entryId: number; beforeFen: number; afterFen: number },
): Promise<void> {
  if (c.afterFen >= c.beforeFen) return;
  const owners = await tx
    .select({ userId: agencyMembers.userId, thresholdFen: notificationSettings.lowBalanceFen })
    .from(agencyMembers)
    .innerJoin(notificationSettings, eq(notificationSettings.userId, agencyMembers.userId))
    .where(
      and(
        eq(agencyMembers.agencyId, c.agencyId),
        eq(agencyMembers.memberRole, 'owner'),
        isNull(agencyMembers.suspendedAt),
        isNotNull(notificationSettings.lowBalanceFen),
      ),
    );
  const jobs: JobRequest[] = owners
    .filter((o) => c.beforeFen >= o.thresholdFen! && c.afterFen < o.thresholdFen!)
    .map((o) => ({
      queue: QUEUES.notify,
      data: {
        kind: 'agency_low_balance',
        key: `ledger:${c.entryId}:low-balance`,
        userId: o.userId,
        facts: { balanceFen: c.afterFen, thresholdFen: o.thresholdFen! },
      },
    }));
  await sendJobs(jobs, tx);
}

/**
 * A staff invitation: one email to the invited address (who may have no account yet), exactly once
 * per invitation (`invitation:<id>`). The job's user is the inviting owner (whose record it is); the
 * recipient is the address (`facts.to`: no preferences, push or inbox apply to an address). The
 * token travels sealed (lib/crypto/pii) and is opened only to write the email: the database keeps
 * only its hash, and the notification row keeps no link with it (render.ts `secretLink`).
 */
export async function notifyInvitation(
  tx: Tx,
  i: { id: string; email: string; token: string; agencyName: string; invitedBy: string },
): Promise<void> {
  await sendJobs(
    [
      {
        queue: QUEUES.notify,
        data: {
          kind: 'staff_invitation',
          key: `invitation:${i.id}`,
          userId: i.invitedBy,
          refId: i.id,
          facts: { to: i.email, agency: i.agencyName, sealedToken: sealPii(i.token) },
        },
      },
    ],
    tx,
  );
}
