import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PayPanel } from '@/components/orders/pay-panel';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { ownOrderViewOrNull } from '@/lib/orders/views';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('orders');
  return { title: t('pay.metaTitle') };
}

/** The sandbox payment gateway: a stand-in for a real cashier, with a success and a failure path. */
export default async function PayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/trips/${id}/pay`);
  const view = await ownOrderViewOrNull(user, id);
  if (!view) notFound();
  return <PayPanel order={view} />;
}
