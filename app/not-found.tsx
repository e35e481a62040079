import type { Metadata } from 'next';
import { StatusPanel } from '@/components/layout/status-panel';

export const metadata: Metadata = { title: '页面不存在' };

/** Every 404 of the site (an unknown address, or notFound() in a page without its own not-found). */
export default function NotFound() {
  return (
    <StatusPanel title="页面不存在">
      <p>您访问的页面不存在，或已被移除。请检查网址，或回到首页重新查询车票。</p>
    </StatusPanel>
  );
}
