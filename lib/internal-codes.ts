/**
 * Internal codes that must never reach a page: audit and callback codes (`order.pay`,
 * `customer.create`, `order.hold`, `window-refund.claim`) and the job queues' names (`grab-tick`).
 * Pure: used by the label modules' unit tests and by the e2e steps that read the admin and agency
 * pages' text.
 */
import { QUEUE_LABELS } from './jobs/labels';

/** Every job queue's name (QUEUE_LABELS is typed over all of QUEUES, so none is missing). */
export const QUEUE_NAMES: readonly string[] = Object.keys(QUEUE_LABELS);

const DOTTED = /(?<![\w.-])(?:order|customer|passenger|refund|grab|change|window-refund)\.[a-z]+(?![\w-])/g;
const QUEUE = new RegExp(`(?<![\\w-])(?:${QUEUE_NAMES.map((n) => n.replace(/-/g, '\\-')).join('|')})(?![\\w-])`, 'g');

/** The internal codes found in a page's (or a label's) text; [] when it is all product wording. */
export function internalCodesIn(text: string): string[] {
  return [...(text.match(DOTTED) ?? []), ...(text.match(QUEUE) ?? [])];
}
