import { PageLoading } from '@/components/layout/page-loading';

/** Shown while the page asks the provider which trains can be grabbed (grabOffers). */
export default function GrabLoading() {
  return <PageLoading title="抢票" waiting="正在查询可抢车次…" />;
}
