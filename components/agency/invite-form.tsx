'use client';

import { useSyncExternalStore } from 'react';
import { FormField, StateForm } from '@/components/ui/form';
import { inviteAction } from '@/lib/agency/actions';
import { formatShanghai } from '@/lib/time';

/** Invites staff by email and shows the link to send them (it expires). */
export function InviteForm() {
  return (
    <StateForm
      create
      label="邀请员工"
      action={inviteAction}
      submitLabel="生成邀请链接"
      done={({ link, expiresAt }) => (
        <span>
          邀请链接（{formatShanghai(expiresAt)} 前有效）：
          <a data-testid="invite-link" href={link} className="break-all text-brand-700 underline">
            <Origin />
            {link}
          </a>
        </span>
      )}
    >
      <FormField name="email" label="员工邮箱" type="email" required />
    </StateForm>
  );
}

const noSubscription = () => () => {};

/** The site's address before the link (none when rendered on the server, after a post without JavaScript). */
function Origin() {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
}
