'use client';

import { StatusPanel } from './status-panel';

/**
 * What app/error.tsx and app/global-error.tsx show: no message or stack (a server error arrives
 * without them in production anyway), only the digest, which names the error in the server's log, for
 * the visitor to quote to support.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <StatusPanel
      title="页面暂时无法显示"
      actions={
        <button
          type="button"
          onClick={() => retry()}
          className="rounded border border-brand-600 px-3 py-1.5 text-brand-700 hover:bg-brand-50"
        >
          重试
        </button>
      }
    >
      <p role="alert">抱歉，系统出了点问题，请稍后重试。</p>
      {digest && <p className="mt-2 text-sm text-slate-500">如需联系客服，请提供错误编号：{digest}</p>}
    </StatusPanel>
  );
}
