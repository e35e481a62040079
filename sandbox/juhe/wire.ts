/**
 * Request parsing of the Juhe front (zod): the form/query fields of each endpoint and the JSON texts
 * inside them (`passengers`, `tickets`). Every refusal is 217301 "参数错误:…" naming the problem.
 */
import { z } from 'zod';
import { badParams, PASSPORT_TYPE, PIAOTYPE, STUDENT_PIAOTYPE, ZWCODE } from './codes';

/** The request's fields: the query string, then (POST) the form body over it. */
export type Params = Record<string, string>;

export const MAX_PASSENGERS = 5;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in strictly yyyy-MM-dd. */
export const isDate = (s: string) => DATE_RE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export function required(p: Params, name: string): string {
  const v = p[name]?.trim();
  if (!v) throw badParams(`缺少必填参数${name}`);
  return v;
}

export function dateParam(p: Params, name: string): string {
  const v = required(p, name);
  if (!isDate(v)) throw badParams(`${name}格式不正确,应为yyyy-MM-dd`);
  return v;
}

const TELECODE_RE = /^[A-Z]{3}$/;
export function telecodeParam(p: Params, name: string): string {
  const v = required(p, name);
  if (!TELECODE_RE.test(v)) throw badParams(`${name}不是有效的车站简码`);
  return v;
}

/** JSON text of a form field, or 217301. */
function jsonField(p: Params, name: string): unknown {
  const raw = required(p, name);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw badParams(`${name}不是有效的JSON`);
  }
}

/** The first zod issue as a Chinese parameter error. */
function issue(field: string, e: z.ZodError) {
  const i = e.issues[0];
  const path = i?.path.length ? `${field}[${i.path.join('].')}${i.path.length > 1 ? '' : ']'}` : field;
  return badParams(`${path}格式不正确(${i?.message ?? '无效'})`);
}

const str = z.string().trim().min(1);
/** "68" or 68 (passengerid, piaotype: clients send either, §0). */
const intLike = z.union([z.number().int().min(0), z.string().regex(/^\d{1,9}$/)]);
const amount = z.union([z.number().min(0), z.string().regex(/^\d+(\.\d{1,2})?$/)]);

const passenger = z
  .object({
    passengerid: intLike,
    passengersename: str,
    piaotype: z.union([z.string(), z.number()]).transform(String),
    piaotypename: str,
    passporttypeseid: z.string(),
    passporttypeseidname: str,
    passportseno: str,
    price: amount,
    zwcode: z.string(),
    zwname: str,
    insurance: z.unknown().optional(),
  })
  .passthrough();

export interface SubmitPassenger {
  raw: Record<string, unknown>;
  name: string;
  ticketType: number;
  cardType: number;
  cardNo: string;
  seatType: number;
}

/** `passengers` of submit: 1–5 passenger objects with codes and names that match (§14). */
export function parsePassengers(p: Params): SubmitPassenger[] {
  const list = jsonField(p, 'passengers');
  if (!Array.isArray(list)) throw badParams('passengers应为JSON数组');
  if (list.length === 0) throw badParams('passengers不能为空');
  if (list.length > MAX_PASSENGERS) throw badParams(`一个订单最多${MAX_PASSENGERS}个乘客`);
  const out: SubmitPassenger[] = [];
  const ids = new Set<string>();
  for (const [i, item] of list.entries()) {
    const r = passenger.safeParse(item);
    if (!r.success) {
      const e = r.error.issues[0];
      throw badParams(`passengers第${i + 1}个乘客的${e?.path.join('.') || '内容'}格式不正确`);
    }
    const x = r.data;
    const id = String(x.passengerid);
    if (ids.has(id)) throw badParams(`passengerid重复:${id}`);
    ids.add(id);
    if (x.piaotype === STUDENT_PIAOTYPE) throw badParams('暂不支持学生票(piaotype=3)');
    const piao = PIAOTYPE[x.piaotype];
    if (!piao) throw badParams(`piaotype无效:${x.piaotype}`);
    if (x.piaotypename !== piao.name) throw badParams(`piaotypename与piaotype不符(应为${piao.name})`);
    // Own keys only: "constructor" or "toString" are not ID types (§14 table: 1, 2, C, G, B).
    const card = Object.hasOwn(PASSPORT_TYPE, x.passporttypeseid) ? PASSPORT_TYPE[x.passporttypeseid] : undefined;
    if (!card) throw badParams(`passporttypeseid无效:${x.passporttypeseid}`);
    if (x.passporttypeseidname !== card.name)
      throw badParams(`passporttypeseidname与passporttypeseid不符(应为${card.name})`);
    if (card.cardType === null) throw badParams('一代身份证已停止使用,请使用二代身份证');
    const zw = ZWCODE[x.zwcode];
    if (!zw) throw badParams(`zwcode无效:${x.zwcode}(无座不能直接预订,请选择最低席别并接受无座)`);
    if (x.zwname !== zw.name) throw badParams(`zwname与zwcode不符(应为${zw.name})`);
    out.push({
      raw: item as Record<string, unknown>,
      name: x.passengersename,
      ticketType: piao.ticketType,
      cardType: card.cardType,
      cardNo: x.passportseno,
      seatType: zw.seatType,
    });
  }
  if (new Set(out.map((x) => x.seatType)).size > 1) throw badParams('同一订单的乘客须选择同一席别');
  return out;
}

/** choose_seats: one pick per passenger, rows 1 and 2 only ("不管多少个乘客,不允许占用3排", FAQ §43). */
export function parseChooseSeats(p: Params, passengers: number): string | null {
  const v = p.choose_seats?.trim().toUpperCase();
  if (!v) return null;
  const picks = v.match(/\d+[A-Z]/g);
  if (!picks || picks.join('') !== v) throw badParams('choose_seats格式不正确,应为如1A1B的排号+座位字母');
  const rows = new Set(picks.map((x) => x.slice(0, -1)));
  if ([...rows].some((r) => r !== '1' && r !== '2'))
    throw badParams('choose_seats只能在两排中选座(排号为1或2),不允许占用3排');
  if (picks.length !== passengers)
    throw badParams(`choose_seats的座位数(${picks.length})须与乘客人数(${passengers})一致`);
  return v;
}

export function parseAcceptStanding(p: Params): boolean {
  const v = p.is_accept_standing?.trim();
  if (!v) return true; // default yes (§3)
  if (v !== 'yes' && v !== 'no') throw badParams('is_accept_standing只能为yes或no');
  return v === 'yes';
}

const refundTicket = z
  .object({
    ticket_no: str,
    passengername: str,
    passporttypeseid: z.string(),
    passportseno: str,
  })
  .passthrough();

/** `tickets` of refund: a JSON array of {ticket_no, passengername, passporttypeseid, passportseno}. */
export function parseRefundTickets(p: Params) {
  const list = jsonField(p, 'tickets');
  if (!Array.isArray(list) || list.length === 0) throw badParams('tickets应为非空JSON数组');
  const r = z.array(refundTicket).safeParse(list);
  if (!r.success) throw issue('tickets', r.error);
  return r.data.map((t) => ({
    ticketNo: t.ticket_no,
    name: t.passengername,
    cardNo: t.passportseno,
    // An unknown type code matches no ticket (-1), as a wrong number does.
    cardType: PASSPORT_TYPE[t.passporttypeseid]?.cardType ?? -1,
  }));
}

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http(s)');
export function urlParam(p: Params, name: string): string {
  const v = required(p, name);
  if (!httpUrl.safeParse(v).success) throw badParams(`${name}不是有效的http(s)地址`);
  return v;
}

export function pageParam(p: Params): number {
  const v = p.page?.trim();
  if (!v) return 1;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw badParams('page应为正整数');
  return Number(v);
}
