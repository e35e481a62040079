import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { TripLive } from '@/components/trips/trip-live';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { ownTripViewOrNull } from '@/lib/trips/views';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('trips.tripPage');
  return { title: t('title') };
}

/** A trip of two legs (中转 or 往返): both legs, the connection, one 去支付. Other people's trips are 404. */
export default async function TripPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/trips/t/${id}`);
  const view = await ownTripViewOrNull(user, id);
  if (!view) notFound();
  return <TripLive initial={view} />;
}
