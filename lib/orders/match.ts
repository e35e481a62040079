/**
 * Pairs the provider's tickets with ours by passenger identity — never by position: a provider may
 * list passengers in another order. A ticket number, once both sides have it, decides; otherwise card
 * type + card number + ticket type + the name on the ID. The provider may mask card numbers
 * ("3411***********96X"): masked characters match anything, the rest must be equal. Two tickets with
 * the same identity (two children on one adult's ID) pair in the order each side lists them.
 */
import { openPii } from '@/lib/crypto/pii';

export interface OurTicketIdentity {
  id: string;
  position: number;
  idType: string;
  /** As stored: sealed (lib/crypto/pii.ts), opened here for the comparison. */
  idNo: string;
  ticketType: number;
  passengerName: string;
  idName: string | null;
  ticketNo: string | null;
}

export interface TheirTicketIdentity {
  name: string;
  cardType: number;
  cardNo: string;
  ticketType: number;
  ticketNo: string | null;
}

export function sameCardNo(ours: string, theirs: string): boolean {
  const a = ours.trim().toUpperCase();
  const b = theirs.trim().toUpperCase();
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (b[i] !== '*' && a[i] !== '*' && a[i] !== b[i]) return false;
  return true;
}

export function sameIdentity(mine: OurTicketIdentity, theirs: TheirTicketIdentity): boolean {
  return (
    Number(mine.idType) === theirs.cardType &&
    mine.ticketType === theirs.ticketType &&
    (mine.idName ?? mine.passengerName) === theirs.name &&
    sameCardNo(openPii(mine.idNo), theirs.cardNo)
  );
}

export function matchTickets<M extends OurTicketIdentity, T extends TheirTicketIdentity>(
  mine: readonly M[],
  theirs: readonly T[],
): { mine: M; theirs: T }[] {
  const free = [...mine].sort((a, b) => a.position - b.position);
  const out: { mine: M; theirs: T }[] = [];
  const take = (i: number, t: T) => {
    out.push({ mine: free[i]!, theirs: t });
    free.splice(i, 1);
  };
  const rest: T[] = [];
  for (const t of theirs) {
    const i = t.ticketNo ? free.findIndex((m) => m.ticketNo === t.ticketNo) : -1;
    if (i >= 0) take(i, t);
    else rest.push(t);
  }
  for (const t of rest) {
    const i = free.findIndex((m) => sameIdentity(m, t));
    if (i >= 0) take(i, t);
  }
  return out;
}
