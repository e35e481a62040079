'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { SearchForm } from '@/components/search/search-form';
import { CustomerCombobox, type CustomerOption } from './customer-combobox';

export const AGENT_BOOK_PATH = '/agent/book';

/**
 * Booking for a customer, as the traveller books: the customer first (a combobox of the agency's
 * customers), then the traveller's search form (station autocomplete), whose results page
 * (app/agent/book) lists the trains with booking links in the customer's name. The customer's page
 * (passengers) is one click away.
 */
export function QuickBooking({
  customers,
  initialCustomerId,
  initial,
  window,
}: {
  customers: CustomerOption[];
  initialCustomerId?: string | undefined;
  /** The search shown (the results page): changing the customer searches again for the new one. */
  initial: { from: string; to: string; date: string };
  window: { first: string; last: string };
}) {
  const t = useTranslations('agency.quick');
  const router = useRouter();
  const [customer, setCustomer] = useState<CustomerOption | null>(
    customers.find((c) => c.id === initialCustomerId) ?? null,
  );
  return (
    <div className="flex flex-col gap-4">
      <CustomerCombobox
        customers={customers}
        selected={customer}
        onSelect={(c) => {
          setCustomer(c);
          // On the results page the trains' links carry the customer: show them for the new one.
          if (c && initialCustomerId && c.id !== initialCustomerId && initial.from && initial.to)
            router.replace(`${AGENT_BOOK_PATH}?${new URLSearchParams({ customer: c.id, ...initial }).toString()}`);
        }}
      />
      {customers.length === 0 && (
        <p className="text-sm text-slate-700">
          {t.rich('noCustomers', {
            link: (c) => (
              <Link href="/agent/customers" className="text-brand-700 underline">
                {c}
              </Link>
            ),
          })}
        </p>
      )}
      {customer ? (
        <>
          <p className="text-sm text-slate-700" data-testid="quick-booking-customer">
            {t.rich('forCustomer', {
              name: customer.name,
              mobile: customer.mobileMasked,
              b: (c) => <strong>{c}</strong>,
            })}{' '}
            <Link href={`/agent/customers/${customer.id}`} className="text-brand-700 underline">
              {t('passengersOf', { name: customer.name })}
            </Link>
          </p>
          <SearchForm
            key={customer.id}
            initial={initial}
            window={window}
            action={AGENT_BOOK_PATH}
            params={{ customer: customer.id }}
          />
        </>
      ) : (
        customers.length > 0 && <p className="text-sm text-slate-700">{t('pickFirst')}</p>
      )}
    </div>
  );
}
