/**
 * The 送票 address book (issue 27): per traveller (user_id) and per agency customer (customer_id). Every
 * part is sealed at rest with lib/crypto/pii.ts; pages other than the owner's own form see only the
 * masked copies (ticket-delivery-cancellation.md §七 l.55 "关键信息自动打码").
 */
import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { deliveryAddresses, type DeliveryAddress } from '@/db/schema';
import { openPii, sealPii } from '@/lib/crypto/pii';
import { maskPhone } from '@/lib/domain/mask';
import { AppError } from '@/lib/errors';

const part = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}最多 ${max} 个字` });

/** What the form sends (the owner's). */
export const addressInput = z.object({
  name: part('收件人姓名', 20),
  phone: z
    .string({ error: '请填写手机号' })
    .trim()
    .regex(/^1[3-9]\d{9}$/, { error: '手机号应为 11 位,以 1 开头' }),
  province: part('省份', 16).regex(/(省|市|自治区|特别行政区)$/, { error: '省份应以 省/市/自治区 结尾,如 江苏省' }),
  city: part('城市', 16).regex(/(市|州|盟|地区|区|县)$/, { error: '城市应以 市/州/盟/地区 结尾,如 南京市' }),
  district: part('区县', 16).regex(/(区|县|市|旗)$/, { error: '区县应以 区/县/市/旗 结尾,如 玄武区' }),
  detail: part('详细地址', 80).min(4, { error: '详细地址至少 4 个字' }),
});
export type AddressInput = z.infer<typeof addressInput>;

export const maskName = (name: string): string => (name.length <= 1 ? '*' : `${name[0]}${'*'.repeat(name.length - 1)}`);

/** What every page shows: masked. */
export interface MaskedAddress {
  id: string;
  name: string;
  phone: string;
  address: string;
}

export const masked = (a: DeliveryAddress): MaskedAddress => ({
  id: a.id,
  name: a.nameMasked,
  phone: a.phoneMasked,
  address: a.addressMasked,
});

/** The owner's own form only: the opened values. */
export function opened(a: DeliveryAddress): AddressInput & { id: string } {
  return {
    id: a.id,
    name: openPii(a.nameSealed),
    phone: openPii(a.phoneSealed),
    province: openPii(a.provinceSealed),
    city: openPii(a.citySealed),
    district: openPii(a.districtSealed),
    detail: openPii(a.detailSealed),
  };
}

export type AddressOwner = { userId: string } | { customerId: string; agencyId: string };

export async function addAddress(owner: AddressOwner, input: AddressInput): Promise<MaskedAddress> {
  const a = addressInput.parse(input);
  const [row] = await db()
    .insert(deliveryAddresses)
    .values({
      ...('userId' in owner ? { userId: owner.userId } : { customerId: owner.customerId, agencyId: owner.agencyId }),
      nameSealed: sealPii(a.name),
      phoneSealed: sealPii(a.phone),
      provinceSealed: sealPii(a.province),
      citySealed: sealPii(a.city),
      districtSealed: sealPii(a.district),
      detailSealed: sealPii(a.detail),
      nameMasked: maskName(a.name),
      phoneMasked: maskPhone(a.phone),
      addressMasked: `${a.province} ${a.city} ${a.district} ****`,
    })
    .returning();
  return masked(row!);
}

const ownerWhere = (owner: AddressOwner) =>
  'userId' in owner
    ? and(eq(deliveryAddresses.userId, owner.userId), isNull(deliveryAddresses.customerId))
    : and(eq(deliveryAddresses.customerId, owner.customerId), eq(deliveryAddresses.agencyId, owner.agencyId));

export async function listAddresses(owner: AddressOwner): Promise<MaskedAddress[]> {
  const rows = await db()
    .select()
    .from(deliveryAddresses)
    .where(and(ownerWhere(owner), isNull(deliveryAddresses.deletedAt)))
    .orderBy(desc(deliveryAddresses.createdAt));
  return rows.map(masked);
}

export async function removeAddress(owner: AddressOwner, id: string): Promise<void> {
  const done = await db()
    .update(deliveryAddresses)
    .set({ deletedAt: new Date() })
    .where(and(eq(deliveryAddresses.id, id), ownerWhere(owner), isNull(deliveryAddresses.deletedAt)))
    .returning({ id: deliveryAddresses.id });
  if (!done.length) throw new AppError('not_found', '地址不存在。');
}
