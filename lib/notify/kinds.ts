/**
 * What the portal notifies about (issue 28): one kind per moment a traveller or an agency must act or
 * wants to know, each with its Chinese label for the preferences page, the channels it goes to unless
 * the user turned them off, and whether it goes out during the user's quiet hours.
 */
export const CHANNELS = ['email', 'push', 'inbox'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = { email: '邮件', push: '浏览器推送', inbox: '站内信' };

export interface KindInfo {
  label: string;
  /** Departure reminders (and security notices) go out during quiet hours too. */
  ignoresQuietHours?: boolean;
  /** Security notices cannot be turned off by email (the account's owner must hear of them). */
  emailRequired?: boolean;
}

export const KINDS = {
  hold_succeeded: { label: '占座成功（含支付截止时间）' },
  pay_reminder: { label: '支付即将截止（剩 10 分钟）' },
  hold_failed: { label: '占座失败' },
  tickets_issued: { label: '出票成功（含日历文件）' },
  issue_failed: { label: '出票失败、退款' },
  refund_result: { label: '退票结果' },
  change_result: { label: '改签结果' },
  departure_eve: { label: '出发前一晚提醒', ignoresQuietHours: true },
  departure_2h: { label: '发车前 2 小时提醒', ignoresQuietHours: true },
  grab_result: { label: '抢票开始、成功、过期或取消' },
  agency_low_balance: { label: '代理预存款余额不足' },
  agency_customer_order: { label: '代理客户订单出票成功或失败' },
  staff_invitation: { label: '员工邀请' },
  account_security: {
    label: '账号安全（新设备登录、密码修改、账号锁定）',
    ignoresQuietHours: true,
    emailRequired: true,
  },
} as const satisfies Record<string, KindInfo>;

export type NotifyKind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as NotifyKind[];

export function isKind(k: string): k is NotifyKind {
  return Object.hasOwn(KINDS, k);
}

/** Whether a minute of the Beijing day (0–1439) falls in quiet hours [start, end) (start > end spans midnight). */
export function inQuietHours(minute: number, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
