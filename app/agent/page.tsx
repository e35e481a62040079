import { Placeholder } from '@/components/layout/placeholder';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';

export const metadata = { title: '代理工作台' };

export default async function Page() {
  await requirePageRole(AREA_ROLES.agent, '/agent');
  return <Placeholder title="代理工作台">代客下单、客户与预存款管理即将上线。</Placeholder>;
}
