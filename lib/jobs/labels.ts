/**
 * The job queues in the admin's words. The queue names (`grab-tick`, `order-sync`, …) are pg-boss's
 * keys; the jobs page shows these labels and keeps the name for a tooltip only. Pure (a type-only
 * import of lib/jobs), so it is unit-tested without pg-boss.
 */
import type { QueueName } from './index';

export const QUEUE_LABELS: Record<QueueName, string> = {
  'order-submit': '创单重试',
  'order-sync': '订单状态同步',
  'order-confirm': '确认出票',
  'order-expire': '超时未支付取消',
  'change-confirm': '确认改签',
  'payment-refund': '退款给旅客',
  sweep: '定时巡检',
  'grab-tick': '抢票查询',
  'grab-order': '抢票订单跟进',
  'grab-expire': '抢票到期结束',
  'grab-sweep': '抢票巡检',
  'recon-run': '退款对账',
  'trip-sync': '联程/往返行程跟进',
  notify: '通知发送（邮件、推送、站内信）',

  'delivery-ship': '送票:快递下单',
  'delivery-cancel': '送票:取消重试',
  'delivery-refund': '送票:退回配送费',
  'delivery-sync': '送票:跟进支付与物流',
};

/** A queue's label; a queue this build does not know reads as 其他任务, never as its name. */
export function queueLabel(name: string): string {
  return (QUEUE_LABELS as Record<string, string>)[name] ?? '其他任务';
}
