import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { CustomerPassengerForm } from '@/components/agency/customer-passenger-form';
import { agencyCustomer } from '@/lib/agency/access';
import { workspace } from '@/lib/agency/pages';
import { customerPassengersOf } from '@/lib/agency/service';
import { AddressBook } from '@/components/delivery/address-book';
import { listAddresses } from '@/lib/delivery/addresses';

export const metadata = { title: '客户资料' };

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
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">客户 {customer.name}</h1>
      <p className="text-slate-600">手机 {customer.mobileMasked}</p>
      <section aria-labelledby="pax" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="pax" className="mb-2 font-semibold">
          常用乘客
        </h2>
        <ul aria-label="常用乘客列表" className="mb-3 text-sm">
          {passengers.map((p) => (
            <li key={p.id}>
              {p.name} · {p.idTypeLabel} {p.idNoMasked} · {p.ticketTypeLabel}
              {p.mobileMasked && ` · ${p.mobileMasked}`}
            </li>
          ))}
          {passengers.length === 0 && <li className="text-slate-600">还没有常用乘客。</li>}
        </ul>
        <CustomerPassengerForm customerId={customer.id} />
      </section>
      <section aria-labelledby="addresses" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="addresses" className="mb-2 font-semibold">
          收件地址(送票)
        </h2>
        <AddressBook addresses={addresses} customerId={customer.id} />
      </section>
      <section aria-labelledby="book" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="book" className="mb-2 font-semibold">
          为该客户订票
        </h2>
        <p className="text-sm text-slate-700">查询车次、选座和选择常用乘客，与旅客订票相同；订单从预存款支付。</p>
        <Link
          href={`/agent/book?${new URLSearchParams({ customer: customer.id }).toString()}`}
          className="mt-2 inline-block rounded bg-brand-600 px-4 py-2 text-white"
        >
          为 {customer.name} 查询车次
        </Link>
      </section>
    </section>
  );
}
