import { PageLoading } from '@/components/layout/page-loading';

/** Shown while the page asks the provider for the train's current seats and prices (findOffer). */
export default function BookLoading() {
  return <PageLoading title="填写订单" waiting="正在核对车次和余票…" />;
}
