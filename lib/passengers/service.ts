/**
 * A traveller's saved passengers (常用乘客). Owner-only: every query is scoped by user id, and what
 * leaves this module carries the ID number masked, except `getPassengerForEdit` (the owner's own
 * edit form).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { savedPassengers } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { isValidIdCard } from '@/lib/domain/idcard';
import { maskIdNumber, maskPhone } from '@/lib/domain/mask';
import { AppError } from '@/lib/errors';

export const ID_TYPES = [
  { value: '1', label: '居民身份证' },
  { value: '2', label: '护照' },
  { value: '3', label: '港澳居民来往内地通行证' },
  { value: '4', label: '台湾居民来往大陆通行证' },
  { value: '8', label: '外国人永久居留身份证' },
  { value: '9', label: '港澳台居民居住证' },
] as const;

export const TICKET_TYPES = [
  { value: 1, label: '成人票' },
  { value: 2, label: '儿童票' },
  { value: 3, label: '学生票' },
  { value: 4, label: '残军票' },
] as const;

export const MAX_SAVED_PASSENGERS = 15;

export interface PassengerView {
  id: string;
  name: string;
  idType: string;
  idTypeLabel: string;
  idNoMasked: string;
  ticketType: number;
  mobileMasked: string | null;
}

export const passengerInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, '请输入乘客姓名（至少 2 个字）。')
      .max(30, '姓名过长。')
      .regex(/^[\p{Script=Han}A-Za-z·.\s]+$/u, '姓名只能包含汉字、字母和间隔号。'),
    idType: z.enum(ID_TYPES.map((t) => t.value) as ['1', ...string[]], { message: '请选择证件类型。' }),
    idNo: z.string().trim().toUpperCase().min(5, '请输入证件号码。').max(30, '证件号码过长。'),
    ticketType: z.coerce.number().int().min(1).max(4).default(1),
    mobile: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, '手机号应为 11 位数字。')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.idType === '1' && !isValidIdCard(v.idNo)) {
      ctx.addIssue({ code: 'custom', path: ['idNo'], message: '身份证号码无效（校验位不符）。' });
    }
  });

function toView(p: typeof savedPassengers.$inferSelect): PassengerView {
  return {
    id: p.id,
    name: p.name,
    idType: p.idType,
    idTypeLabel: ID_TYPES.find((t) => t.value === p.idType)?.label ?? p.idType,
    idNoMasked: maskIdNumber(p.idNo),
    ticketType: p.ticketType,
    mobileMasked: p.mobile ? maskPhone(p.mobile) : null,
  };
}

export async function listPassengers(userId: string): Promise<PassengerView[]> {
  const rows = await db()
    .select()
    .from(savedPassengers)
    .where(eq(savedPassengers.userId, userId))
    .orderBy(asc(savedPassengers.createdAt));
  return rows.map(toView);
}

/** Full rows for booking: only the caller's own passengers, all of the ids asked for, or an error. */
export async function passengersForBooking(userId: string, ids: string[]) {
  const rows = await db()
    .select()
    .from(savedPassengers)
    .where(and(eq(savedPassengers.userId, userId), inArray(savedPassengers.id, ids)));
  if (rows.length !== new Set(ids).size) throw new AppError('not_found', '所选乘客不存在。');
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

export const addPassengerDef = {
  roles: AREA_ROLES.traveller,
  schema: passengerInputSchema,
  body: async (input, user: SessionUser | null) => {
    const userId = user!.id;
    const existing = await db()
      .select({ id: savedPassengers.id })
      .from(savedPassengers)
      .where(eq(savedPassengers.userId, userId));
    if (existing.length >= MAX_SAVED_PASSENGERS) {
      throw new AppError('conflict', `最多保存 ${MAX_SAVED_PASSENGERS} 位常用乘客。`);
    }
    const [row] = await db()
      .insert(savedPassengers)
      .values({
        userId,
        name: input.name,
        idType: input.idType,
        idNo: input.idNo,
        ticketType: input.ticketType,
        mobile: input.mobile ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', '该证件号码的乘客已保存。', { idNo: ['该证件号码的乘客已保存。'] });
    return toView(row);
  },
} satisfies GuardedDef<typeof passengerInputSchema, PassengerView>;
