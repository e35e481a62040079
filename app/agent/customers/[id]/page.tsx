import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { forbidden, notFound } from 'next/navigation';
import { CustomerPassengerForm } from '@/components/agency/customer-passenger-form';
import { agencyCustomer } from '@/lib/agency/access';
import { workspace } from '@/lib/agency/pages';
import { customerPassengersOf } from '@/lib/agency/service';
import { AddressBook } from '@/components/delivery/address-book';
import { listAddresses } from '@/lib/delivery/addresses';
import { getTx } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.customer');
  return { title: t('title') };
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { m } = await workspace(`/agent/customers/${id}`);
  // Not a member of any agency (an admin, a suspended agent): 403 like the agency's CSV routes, whose
  // requireMember refuses the same caller; ../../forbidden.tsx says why.
  if (!m) forbidden();
  const customer = await agencyCustomer(m, id).catch(() => null);
  if (!customer) notFound();
  const passengers = await customerPassengersOf(m, customer.id);
  const addresses = await listAddresses({ customerId: customer.id, agencyId: m.agencyId });
  const t = await getTranslations('agency.customer');
  const tx = await getTx();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('heading', { name: customer.name })}</h1>
      <p className="text-slate-600">{t('mobile', { mobile: customer.mobileMasked })}</p>
      <section aria-labelledby="pax" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="pax" className="mb-2 font-semibold">
          {t('passengers')}
        </h2>
        <ul aria-label={t('passengerList')} className="mb-3 text-sm">
          {passengers.map((p) => (
            <li key={p.id}>
              {p.name} · {tx(p.idTypeLabel)} {p.idNoMasked} · {tx(p.ticketTypeLabel)}
              {p.mobileMasked && ` · ${p.mobileMasked}`}
            </li>
          ))}
          {passengers.length === 0 && <li className="text-slate-600">{t('noPassengers')}</li>}
        </ul>
        <CustomerPassengerForm customerId={customer.id} />
      </section>
      <section aria-labelledby="addresses" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="addresses" className="mb-2 font-semibold">
          {t('addresses')}
        </h2>
        <AddressBook addresses={addresses} customerId={customer.id} />
      </section>
      <section aria-labelledby="book" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="book" className="mb-2 font-semibold">
          {t('bookTitle')}
        </h2>
        <p className="text-sm text-slate-700">{t('bookNote')}</p>
        <Link
          href={`/agent/book?${new URLSearchParams({ customer: customer.id }).toString()}`}
          className="mt-2 inline-block rounded bg-brand-600 px-4 py-2 text-white"
        >
          {t('bookLink', { name: customer.name })}
        </Link>
      </section>
    </section>
  );
}
