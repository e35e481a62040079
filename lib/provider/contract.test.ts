/**
 * Contract tests: every JSON example of panhe-train-api.md, copied verbatim into __fixtures__ (one
 * file per example; a few doc lines hold two answers side by side), must parse with the client's
 * wire schemas. Minimal repairs of the documentation's own text are listed in REPAIRS and applied
 * here, never in the fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as w from './wire';

const dir = path.join(import.meta.dirname, '__fixtures__');
const read = (name: string) => fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8').trim();

/** Splits a line with several JSON objects ("//成功返回: {...} //失败返回: {...}") into objects. */
function objects(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = text.indexOf('"', i + 1);
      while (text[i - 1] === '\\') i = text.indexOf('"', i + 1);
      continue;
    }
    if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0)
        out.push(JSON.parse(REPAIRS.reduce((s, [from, to]) => s.replace(from, to), text.slice(start, i + 1))));
    }
  }
  return out;
}

/** The documentation's JSON slips, repaired before parsing. */
const REPAIRS: [RegExp, string][] = [
  [/,\s*}/g, ' }'], // trailing comma (passengers-delete request)
];

const CASES: [string, z.ZodType][] = [
  ['search.response', w.searchResponse],
  ['stops-v1.response', w.stopsResponse],
  ['stops.response', w.stopsResponse],
  ['stations.response', w.stationsResponse],
  ['order-create.request', w.createOrderRequest],
  ['order-create.response', w.createOrderResponse],
  ['order-confirm.request', w.confirmRequest.passthrough()],
  ['order-confirm.response', w.boolResponse],
  ['order-cancel.responses', w.boolResponse],
  ['order-refund.request', w.refundRequest],
  ['order-refund.response', w.boolResponse],
  ['order-change.response', w.changeResponse],
  ['order-change-cancel.responses', w.boolResponse],
  ['order-detail.response', w.orderDetailResponse],
  ['account-register.request', w.accountRegisterRequest],
  ['account-verify.responses', w.boolResponse],
  ['account-face.request', w.accountFaceRequest],
  ['passengers-list.response', w.passengersListResponse],
  ['passengers-save.request', w.passengersSaveRequest],
  ['passengers-save.response', w.passengersSaveResponse],
  ['passengers-self.request', w.passengersSelfRequest],
  ['passengers-self.response', w.boolResponse],
  ['passengers-delete.request', w.passengersDeleteRequest],
  ['passengers-delete.responses', w.boolResponse],
  ['passengers-delete.response', w.boolResponse],
  ['password-forgot-reset.request', w.passwordForgotResetRequest],
  ['password-forgot-reset.response', w.boolResponse],
  ['password-change-code.request', w.passwordChangeCodeRequest],
  ['password-change-code.response', w.boolResponse],
  ['password-change.request', w.passwordChangeRequest],
  ['password-change.response', w.boolResponse],
];

describe('provider documentation examples parse with the wire schemas', () => {
  it('covers every fixture file', () => {
    const files = fs.readdirSync(dir).map((f) => f.replace(/\.txt$/, ''));
    expect(files.sort()).toEqual([...CASES.map(([n]) => n), 'juhe-faq-22-callback'].sort());
  });

  it.each(CASES)('%s', (name, schema) => {
    const docs = objects(read(name));
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const r = schema.safeParse(doc);
      expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    }
  });

  it('the long 订单详情 example keeps its three change orders and maps amounts', () => {
    const [doc] = objects(read('order-detail.response'));
    const d = w.orderDetailResponse.parse(doc).data!;
    expect(d.trainChaOrder).toHaveLength(3);
    expect(d.trainChaOrder!.map((c) => c.priceChangeType)).toEqual([3, 2, 1]);
    expect(d.trainChaOrder![2]!.needPayAmount).toBe(39);
    expect(d.trainTickets[0]!.ticketStatus).toBe(34);
  });

  it('the callback example of juhe-train-booking-faq.md §22 (after stripping its "• data=" prefix)', () => {
    const text = read('juhe-faq-22-callback').replace(/^•\s*data=/, '');
    const r = w.juheLegacyCallback.safeParse(JSON.parse(text));
    expect(r.success).toBe(true);
    expect(r.data?.passengers[0]?.price).toBe(763.5);
  });

  it('the documented callback format is 订单详情 + eventType + sign', () => {
    const [doc] = objects(read('order-detail.response')) as { data: object }[];
    const r = w.callbackPayload.safeParse({ ...doc!.data, eventType: 'order.issue', sign: 'a'.repeat(32) });
    expect(r.success).toBe(true);
    expect(w.callbackPayload.safeParse({ ...doc!.data }).success).toBe(false);
  });
});
