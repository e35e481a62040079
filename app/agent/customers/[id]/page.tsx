import { notFound } from 'next/navigation';
import { CustomerBooking } from '@/components/agency/customer-booking';
import { NoAgency } from '@/components/agency/no-agency';
import { ActionForm } from '@/components/ui/action-form';
import { agencyCustomer } from '@/lib/agency/access';
import { addCustomerPassengerAction } from '@/lib/agency/actions';
import { workspace } from '@/lib/agency/pages';
import { customerPassengersOf } from '@/lib/agency/service';
import { ID_TYPES } from '@/lib/domain/passenger';
import { shanghaiDate } from '@/lib/time';

export const metadata = { title: '客户资料' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { m } = await workspace(`/agent/customers/${id}`);
  if (!m) return <NoAgency />;
  const customer = await agencyCustomer(m, id).catch(() => null);
  if (!customer) notFound();
  const passengers = await customerPassengersOf(m, customer.id);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">客户 {customer.name}</h1>
      <p className="text-slate-600">手机 {customer.mobileMasked}</p>
      <section aria-labelledby="pax" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="pax" className="mb-2 font-semibold">
          乘车人
        </h2>
        <ul aria-label="乘车人列表" className="mb-3 text-sm">
          {passengers.map((p) => (
            <li key={p.id}>
              {p.name} · {p.idTypeLabel} {p.idNoMasked} · {p.ticketType === 2 ? '儿童票' : '成人票'}
            </li>
          ))}
          {passengers.length === 0 && <li className="text-slate-600">还没有乘车人。</li>}
        </ul>
        <ActionForm
          label="添加乘车人"
          action={addCustomerPassengerAction}
          hidden={{ customerId: customer.id }}
          submitLabel="添加"
          fields={[
            { name: 'name', label: '姓名', required: true },
            { name: 'idType', label: '证件类型', options: ID_TYPES.map((t) => ({ value: t.value, label: t.label })) },
            { name: 'idNo', label: '证件号码', required: true },
            {
              name: 'ticketType',
              label: '票种',
              options: [
                { value: '1', label: '成人票' },
                { value: '2', label: '儿童票' },
              ],
            },
          ]}
        />
      </section>
      <section aria-labelledby="book" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="book" className="mb-2 font-semibold">
          为该客户订票
        </h2>
        <CustomerBooking customerId={customer.id} today={shanghaiDate()} />
      </section>
    </section>
  );
}
