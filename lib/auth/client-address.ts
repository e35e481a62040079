/**
 * Who is calling, by network address, in a way the caller cannot choose (issue 23 #6).
 *
 * Next gives server code no socket address: it copies it into `X-Forwarded-For` only when the client
 * sent none, so a client talking to the portal directly can claim any address there. The portal's
 * own HTTP server (scripts/serve.ts, run by `npm start` and `npm run dev`) therefore resolves the
 * address from the socket before Next sees the request and writes it into CLIENT_ADDRESS_HEADER,
 * overwriting whatever the client sent under that name. `X-Forwarded-For` is believed only as far
 * as the hops are configured proxies (TRUSTED_PROXIES): walking from the socket address leftwards,
 * each address that is a trusted proxy hands over to the entry it appended; the first address that
 * is not one is the client. With no TRUSTED_PROXIES the header is ignored and the socket decides.
 *
 * Pure (node:net only): loaded by lib/env.ts, the server script and the throttle.
 */
import { BlockList, isIP } from 'node:net';

/** Set by scripts/serve.ts on every request; any value the client sent is overwritten. */
export const CLIENT_ADDRESS_HEADER = 'x-portal-client-address';

/** What the throttles see when a request did not come through the portal's server (never in production). */
export const UNSTAMPED_ADDRESS = 'unstamped';

/** `::ffff:1.2.3.4` → `1.2.3.4`; strips brackets and an IPv6 zone. null when not an IP address. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  a = a.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) ? a.toLowerCase() : null;
}

/**
 * Parses TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (`10.0.0.0/8`, `fd00::/8`), or
 * `loopback` for 127.0.0.0/8 and ::1. Throws with the offending entry on anything else.
 */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [addr = '', bits, extra] = entry.split('/');
    const ip = normalizeAddress(addr);
    const family = ip && isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    const max = family === 'ipv6' ? 128 : 32;
    if (!ip || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    const prefix = bits === undefined ? max : Number(bits);
    if (prefix > max) throw new Error(`"${entry}": the prefix is longer than ${max} bits`);
    list.addSubnet(ip, prefix, family);
  }
  return list;
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address from the socket address and the X-Forwarded-For header(s) as received.
 * Unparseable entries end the walk (a trusted proxy never writes one, so it came from the client).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string {
  let current = socketAddress ? normalizeAddress(socketAddress) : null;
  if (!current) return 'unknown';
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  while (isTrusted(trusted, current) && hops.length > 0) {
    const next = normalizeAddress(hops.pop()!);
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * The key the sign-in throttle and lock count under: an IPv4 address as is, an IPv6 address by its
 * /64 (one host usually holds a whole /64, so single addresses would be free to rotate).
 */
export function addressKey(address: string): string {
  const ip = normalizeAddress(address);
  if (!ip) return address.slice(0, 100);
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip).slice(0, 4);
  return `${groups.join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  let a = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const [b1, b2, b3, b4] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    a = a.replace(v4[1]!, `${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`);
  }
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16).toString(16));
}

/**
 * What scripts/serve.ts does to every request before Next sees it: resolve the address from the
 * socket and write it into CLIENT_ADDRESS_HEADER, replacing anything the client sent under that name.
 */
export function stampClientAddress(
  req: { socket: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> },
  trusted: BlockList,
): void {
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    trusted,
  );
}

/** The caller's address as the portal's server stamped it (see the top of this file). */
export function clientAddressFrom(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER)?.slice(0, 100) || UNSTAMPED_ADDRESS;
}
