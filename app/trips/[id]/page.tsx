import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OrderLive } from '@/components/orders/order-live';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { orderView, ownOrder } from '@/lib/booking/orders';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: '订单详情' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/trips/${id}`);
  try {
    const order = await ownOrder(user, id);
    return <OrderLive initial={await orderView(order)} />;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    throw e;
  }
}
