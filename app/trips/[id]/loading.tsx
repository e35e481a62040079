import { PageLoading } from '@/components/layout/page-loading';

/** At once after 提交订单 (or from the trips list) while the order is read. */
export default function OrderLoading() {
  return <PageLoading title="订单详情" waiting="正在读取订单…" blocks={3} />;
}
