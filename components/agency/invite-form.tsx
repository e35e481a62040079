'use client';

import { ActionForm } from '@/components/ui/action-form';
import { inviteAction } from '@/lib/agency/actions';
import { formatShanghai } from '@/lib/time';

/** Invites staff by email and shows the link to send them (it expires). */
export function InviteForm() {
  return (
    <ActionForm
      label="邀请员工"
      action={inviteAction}
      submitLabel="生成邀请链接"
      fields={[{ name: 'email', label: '员工邮箱', type: 'email', required: true }]}
      done={(data) => {
        const { link, expiresAt } = data as { link: string; expiresAt: string };
        const url = `${window.location.origin}${link}`;
        return (
          <span>
            邀请链接（{formatShanghai(expiresAt)} 前有效）：
            <a data-testid="invite-link" href={link} className="break-all text-brand-700 underline">
              {url}
            </a>
          </span>
        );
      }}
    />
  );
}
