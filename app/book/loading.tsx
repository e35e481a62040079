import { PageLoading } from '@/components/layout/page-loading';

/** At once after 预订 while the page looks the train up afresh at the provider (余票 and prices). */
export default function BookLoading() {
  return <PageLoading title="填写订单" waiting="正在向 12306 确认余票和票价…" blocks={3} />;
}
