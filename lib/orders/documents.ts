/**
 * The documents tickets are booked on: what 创单 needs of each ID, checked before anything is sent,
 * and what an order ticket keeps of it so the hold request (lib/orders/provider.ts) can send it.
 *
 * panhe-train-api.md 创单 passengers l.103-106: birthday and sex are required for cardType 2, 3, 4, 8,
 * countryCode for 2, 8 (the rules table's `holdDocumentFields`, lib/domain/documents.ts). A provider
 * refuses such a booking; the portal refuses it first, naming the passenger and the missing field, and
 * the provider is never asked. A child on an adult's ID is booked on the adult's document (FAQ §10), so
 * the document details are the adult's; the ticket's own mobile is the passenger's own.
 */
import type { OrderTicket } from '@/db/schema';
import { idNoHash, openPii, sealPii } from '@/lib/crypto/pii';
import { isSex, missingHoldFields, missingHoldFieldsMessage } from '@/lib/domain/documents';
import { AppError } from '@/lib/errors';
import type { HoldPassenger } from '@/lib/provider/port';
import { bookingCapabilityIssues, type ProviderFacts } from './capabilities';

/** A saved (or agency customer's) passenger as read for booking: ID number and mobile in plain text. */
export interface BookedPerson {
  name: string;
  idType: string;
  idNo: string;
  birthday?: string | null;
  sex?: number | null;
  countryCode?: string | null;
  cardValidUntil?: string | null;
  mobile?: string | null;
}

/**
 * Refuses (AppError validation, 422) a booking whose IDs a provider cannot take: a card type outside
 * any of `providers`' capabilities.cardTypes, or a detail the card type requires that the passenger
 * lacks. Every problem is named, with where to fix it (常用乘客: the saved passenger form asks for
 * these; old rows and passengers synced from 12306 may not have them).
 */
export function requireBookableDocuments(
  providers: readonly Pick<ProviderFacts, 'label' | 'capabilities'>[],
  holders: readonly BookedPerson[],
  at: Date = new Date(),
): void {
  const unique = [...new Map(holders.map((h) => [`${h.idType}:${h.idNo}`, h])).values()];
  const messages: string[] = [];
  for (const p of providers)
    for (const i of bookingCapabilityIssues(p, {
      passengers: 0,
      documents: unique.map((h) => ({ name: h.name, cardType: h.idType })),
    }))
      messages.push(i.message);
  for (const h of unique) {
    const missing = missingHoldFields(h.idType, h, at);
    if (missing.length) messages.push(missingHoldFieldsMessage(h.name, missing));
  }
  const distinct = [...new Set(messages)];
  if (distinct.length) throw new AppError('validation', distinct.join(' '), { passengers: distinct });
}

/**
 * An order ticket's document columns (migration 0018): the ID holder's details and lookup hash (the
 * same hash saved passengers carry, lib/crypto/pii idNoHash), the passenger's own mobile sealed.
 */
export function ticketDocuments(holder: BookedPerson, self: Pick<BookedPerson, 'mobile'>) {
  return {
    idNoHash: idNoHash(holder.idType, holder.idNo),
    birthday: holder.birthday || null,
    sex: isSex(holder.sex) ? holder.sex : null,
    countryCode: holder.countryCode ? holder.countryCode.trim().toUpperCase() : null,
    cardValidUntil: holder.cardValidUntil || null,
    mobile: self.mobile ? sealPii(self.mobile) : null,
  };
}

type DocumentColumns = Pick<OrderTicket, 'idNoHash' | 'birthday' | 'sex' | 'countryCode' | 'cardValidUntil' | 'mobile'>;

/** The document columns a ticket hands to the ticket that replaces it (改签's new ticket). */
export function carriedDocuments(t: DocumentColumns): DocumentColumns {
  return {
    idNoHash: t.idNoHash,
    birthday: t.birthday,
    sex: t.sex,
    countryCode: t.countryCode,
    cardValidUntil: t.cardValidUntil,
    mobile: t.mobile,
  };
}

/** A hold passenger's document fields and mobile from its ticket row (the contact mobile when it has none). */
export function holdDocuments(
  t: DocumentColumns,
  contactMobile: string | null,
): Pick<HoldPassenger, 'mobile' | 'birthday' | 'sex' | 'countryCode' | 'cardValidUntil'> {
  return {
    mobile: t.mobile ? openPii(t.mobile) : contactMobile,
    birthday: t.birthday,
    sex: isSex(t.sex) ? t.sex : null,
    countryCode: t.countryCode,
    cardValidUntil: t.cardValidUntil,
  };
}
