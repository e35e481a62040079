import { z } from 'zod';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import type { SessionUser } from '@/lib/auth/roles';
import { PROVIDER_IDS } from '@/lib/provider/port';
import { isValidDate } from '@/lib/time';

/** A page's search params as Next hands them over, read one value per key (the first of a repeated key). */
export type SearchParams = Record<string, string | string[] | undefined>;

export function firstValue(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** Every key with its first value (keys without a value are left out). */
export function firstValues(sp: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) if (v !== undefined) out[k] = firstValue(v);
  return out;
}

/** `path?query`: the page's own address, e.g. as the sign-in's return address. */
export function withQuery(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

/**
 * A link to a train of a search result (the booking and new-grab pages): stations, date, seat class,
 * and the provider whose answer listed it (absent in links made before providers were routed).
 */
export const trainLinkQuery = z.object({
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  date: z.string().refine(isValidDate),
  seat: z.coerce.number().int().optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
});

/**
 * A traveller's page opened by such a link: sign-in first (coming back to this very address), then the
 * link's parameters read with `schema`.
 */
export async function travellerLinkPage<S extends z.ZodType>(
  path: string,
  searchParams: Promise<SearchParams>,
  schema: S,
): Promise<{ user: SessionUser; parsed: z.ZodSafeParseResult<z.output<S>> }> {
  const flat = firstValues(await searchParams);
  const user = await requirePageRole(AREA_ROLES.traveller, withQuery(path, flat));
  return { user, parsed: schema.safeParse(flat) };
}
