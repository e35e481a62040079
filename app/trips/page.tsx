import { Placeholder } from '@/components/layout/placeholder';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';

export const metadata = { title: '我的行程' };

export default async function Page() {
  await requirePageRole(AREA_ROLES.traveller, '/trips');
  return <Placeholder title="我的行程">订单与电子客票将在这里显示。</Placeholder>;
}
