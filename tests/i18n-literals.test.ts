/**
 * No user-visible text in a component outside the message files (issue 32): every file under app/
 * and components/ is read with lib/i18n/literals.ts. PENDING lists the files not yet moved to
 * messages (each must still hold a literal, so a converted file has to leave the list).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLiterals } from '@/lib/i18n/literals';

const ROOTS = ['app', 'components'];

const PENDING = new Set<string>([
  'app/(auth)/signin/page.tsx',
  'app/(auth)/signin/sign-in-form.tsx',
  'app/(auth)/signup/page.tsx',
  'app/(auth)/signup/sign-up-form.tsx',
  'app/admin/agencies/[id]/page.tsx',
  'app/admin/agencies/page.tsx',
  'app/admin/callbacks/page.tsx',
  'app/admin/deliveries/page.tsx',
  'app/admin/jobs/page.tsx',
  'app/admin/page.tsx',
  'app/admin/providers/page.tsx',
  'app/admin/reconciliation/discrepancies/[id]/page.tsx',
  'app/admin/reconciliation/discrepancies/page.tsx',
  'app/admin/reconciliation/page.tsx',
  'app/admin/system/page.tsx',
  'app/admin/unlock-button.tsx',
  'app/admin/window-refunds/page.tsx',
  'app/agent/book/page.tsx',
  'app/agent/customers/[id]/page.tsx',
  'app/agent/customers/page.tsx',
  'app/agent/orders/page.tsx',
  'app/agent/page.tsx',
  'app/agent/staff/page.tsx',
  'app/agent/statement/page.tsx',
  'app/api/agent/orders-csv/route.ts',
  'app/api/agent/statement-csv/route.ts',
  'app/api/auth/[...nextauth]/route.ts',
  'app/api/metrics/route.ts',
  'app/api/stations/route.ts',
  'app/api/trains/stops/route.ts',
  'app/book/page.tsx',
  'app/forbidden/page.tsx',
  'app/global-error.tsx',
  'app/grab/new/page.tsx',
  'app/invite/[token]/layout.tsx',
  'app/invite/[token]/page.tsx',
  'app/not-found.tsx',
  'app/notifications/page.tsx',
  'app/notifications/settings/page.tsx',
  'app/passengers/[id]/page.tsx',
  'app/passengers/account/page.tsx',
  'app/passengers/addresses/page.tsx',
  'app/passengers/page.tsx',
  'app/trips/[id]/page.tsx',
  'app/trips/[id]/pay/page.tsx',
  'app/trips/grabs/[id]/page.tsx',
  'app/trips/new/page.tsx',
  'app/trips/page.tsx',
  'app/trips/t/[id]/page.tsx',
  'components/admin/recon-charts.tsx',
  'components/admin/recon-nav.tsx',
  'components/admin/replay-button.tsx',
  'components/admin/replay-refund-button.tsx',
  'components/admin/run-recon-button.tsx',
  'components/admin/station-syncs.tsx',
  'components/admin/system-charts.tsx',
  'components/agency/accept-invitation.tsx',
  'components/agency/customer-combobox.tsx',
  'components/agency/customer-passenger-form.tsx',
  'components/agency/invite-form.tsx',
  'components/agency/join-with-account.tsx',
  'components/agency/low-balance-form.tsx',
  'components/agency/member-actions.tsx',
  'components/agency/no-agency.tsx',
  'components/agency/pay-by.tsx',
  'components/agency/quick-booking.tsx',
  'components/agency/statement-table.tsx',
  'components/booking/berth-picker.tsx',
  'components/booking/booking-form.tsx',
  'components/booking/form-parts.tsx',
  'components/booking/seat-map.tsx',
  'components/booking/ticket-notes.tsx',
  'components/delivery/address-book.tsx',
  'components/delivery/delivery-panel.tsx',
  'components/grab/grab-form.tsx',
  'components/grab/grab-live.tsx',
  'components/layout/error-panel.tsx',
  'components/layout/page-problem.tsx',
  'components/layout/status-panel.tsx',
  'components/notify/bell.tsx',
  'components/notify/inbox-list.tsx',
  'components/notify/preferences-form.tsx',
  'components/notify/push-section.tsx',
  'components/notify/push-toggle.tsx',
  'components/orders/change-dialog.tsx',
  'components/orders/change-orders.tsx',
  'components/orders/claim-decision.tsx',
  'components/orders/countdown.tsx',
  'components/orders/order-live.tsx',
  'components/orders/pay-panel.tsx',
  'components/orders/refund-dialog.tsx',
  'components/orders/window-claim-button.tsx',
  'components/passengers/account-panel.tsx',
  'components/passengers/passenger-edit.tsx',
  'components/passengers/passenger-form.tsx',
  'components/passengers/passenger-manager.tsx',
  'components/passengers/passenger-picker.tsx',
  'components/passengers/verify-state.tsx',
  'components/trips/round-trip-picker.tsx',
  'components/trips/trip-booking-form.tsx',
  'components/trips/trip-list.tsx',
  'components/trips/trip-live.tsx',
]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const all = ROOTS.flatMap((r) => files(r)).sort();
const found = new Map(all.map((f) => [f, findLiterals(fs.readFileSync(f, 'utf8'), f)] as const));

describe('user-visible text lives in the message files', () => {
  it('no component outside PENDING holds a literal', () => {
    const offenders = [...found]
      .filter(([f, l]) => l.length && !PENDING.has(f))
      .flatMap(([f, l]) => l.map((x) => `${f}:${x.line} ${x.kind} ${JSON.stringify(x.text)}`));
    expect(offenders).toEqual([]);
  });

  it('every PENDING file still holds one (a converted file leaves the list)', () => {
    const stale = [...PENDING].filter((f) => !found.get(f)?.length);
    expect(stale).toEqual([]);
  });
});
