/**
 * The contact mobile of an order or a grab order at rest (issue 26 item 10): like every other phone
 * number (saved passengers, customers) it is stored sealed (lib/crypto/pii sealPii) beside a masked
 * copy for pages (138****5678). Only the provider call that needs the number opens it
 * (lib/orders/provider.ts createWith: panhe-train-api.md 创单 contactMobile "订单联系人手机号(后续订单出票、
 * 退改相关通知短信都是发送至此号码上…)"). Pages read the masked copy only.
 */
import { openPii, sealPii } from '@/lib/crypto/pii';
import { maskPhone } from '@/lib/domain/mask';

/** The two columns a writer stores: `...sealedContactMobile(mobile)` in an orders / grab_orders insert. */
export function sealedContactMobile(mobile: string): { contactMobile: string; contactMobileMasked: string } {
  const clear = openPii(mobile.trim()); // a value already sealed (a grab's, copied to its order) opens first
  return { contactMobile: sealPii(clear), contactMobileMasked: maskPhone(clear) };
}

/** The number itself, for the provider request; '' when the order has none. */
export function openContactMobile(stored: string | null | undefined): string {
  return stored ? openPii(stored) : '';
}

/**
 * What a page shows: the stored masked copy; a row the start-up backfill has not reached yet (written
 * before sealing) is masked on the fly, never shown in clear.
 */
export function contactMobileForDisplay(row: {
  contactMobile: string | null;
  contactMobileMasked: string | null;
}): string | null {
  if (row.contactMobileMasked) return row.contactMobileMasked;
  return row.contactMobile ? maskPhone(openContactMobile(row.contactMobile)) : null;
}
