import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { OrderLive } from '@/components/orders/order-live';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { ownOrderViewOrNull } from '@/lib/orders/views';
import { tripNoteOfOrder } from '@/lib/trips/views';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('orders');
  return { title: t('detail.metaTitle') };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/trips/${id}`);
  const view = await ownOrderViewOrNull(user, id);
  if (!view) notFound();
  return <OrderLive initial={view} trip={await tripNoteOfOrder(view.id)} />;
}
