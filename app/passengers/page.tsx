import { Placeholder } from '@/components/layout/placeholder';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';

export const metadata = { title: '常用乘客' };

export default async function Page() {
  await requirePageRole(AREA_ROLES.traveller, '/passengers');
  return <Placeholder title="常用乘客">常用乘客管理即将上线。</Placeholder>;
}
