import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { GrabLive, type GrabJson } from '@/components/grab/grab-live';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { grabView } from '@/lib/grab/orders';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('grab.page');
  return { title: t('title') };
}

export default async function GrabPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/trips/grabs/${id}`);
  const view = await grabView(user, id).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  });
  if (!view) notFound();
  // The same JSON shape the live view polls (/api/grabs/<id>).
  return <GrabLive initial={JSON.parse(JSON.stringify(view)) as GrabJson} />;
}
