/**
 * A passenger row for the load scripts (the chaos portal process, the bench's bookings): a traveller's
 * saved passenger, or an agency customer's, with the ID number sealed as the portal stores it. Made
 * again on a repeat (after a restart, a second run): the same ID number finds the same row, renamed.
 */
import { db } from '../../db/client';
import { customerPassengers, savedPassengers } from '../../db/schema';
import { idNoHash, sealPii } from '../../lib/crypto/pii';
import { maskIdNumber } from '../../lib/domain/mask';

/** Whose passenger: a traveller's (saved passengers), or an agency customer's. */
export type PassengerOwner = { userId: string } | { customerId: string; agencyId: string };

/** Inserts or renames the passenger; answers its id. */
export async function upsertPassenger(owner: PassengerOwner, name: string, idNo: string): Promise<string | undefined> {
  const sealed = { name, idType: '1', idNo: sealPii(idNo), idNoHash: idNoHash('1', idNo), ticketType: 1 };
  if ('userId' in owner) {
    const t = savedPassengers;
    const [p] = await db()
      .insert(t)
      .values({ ...owner, ...sealed })
      .onConflictDoUpdate({ target: [t.userId, t.idType, t.idNoHash], set: { name } })
      .returning({ id: t.id });
    return p?.id;
  }
  const t = customerPassengers;
  const [p] = await db()
    .insert(t)
    .values({ ...owner, ...sealed, idNoMasked: maskIdNumber(idNo), idNoTail: idNo.slice(-4) })
    .onConflictDoUpdate({ target: [t.customerId, t.idType, t.idNoHash], set: { name } })
    .returning({ id: t.id });
  return p?.id;
}
