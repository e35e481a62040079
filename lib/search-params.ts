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
