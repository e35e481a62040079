/**
 * Signs and ciphers exactly as panhe-train-api.md documents them.
 * - 确认出票: md5(secretKey + orderNo + payAmount + secretKey); 确认改签: md5(secretKey + chaNo + payAmount + secretKey);
 *   payAmount left out when null; 32 lowercase hex; the joined string has no '+'.
 * - callbacks (our own format, see lib/provider/README.md): md5(secretKey + orderNo + secretKey).
 * - 密文 fields (trainAccount, trainPassword, ...): base64(AES-128-ECB, PKCS7), key = the 16 raw bytes of md5(secretKey).
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { fenToYuan, yuanToFen } from '../money';

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/**
 * A yuan amount as it goes on the wire: at most two decimals, float noise removed (0.1 + 0.2 → 0.3),
 * so the JSON body and the signed string carry the same text. Throws on negative or sub-fen amounts.
 */
export function normalizeYuan(payAmount: number): number {
  if (payAmount < 0) throw new RangeError(`amount must not be negative: ${payAmount}`);
  return fenToYuan(yuanToFen(payAmount));
}

/**
 * payAmount as it goes into the signed string: exactly its text in the JSON body, the shortest
 * decimal (the docs' example sends `"payAmount": 127` and signs "127"; 100.5 → "100.5", never
 * "100.50"). Null (not checked by the provider) contributes nothing.
 */
export function amountForSign(payAmount: number | null | undefined): string {
  return payAmount === null || payAmount === undefined ? '' : JSON.stringify(normalizeYuan(payAmount));
}

/** 确认出票 (order/confirm). */
export function confirmSign(secretKey: string, orderNo: string, payAmount: number | null): string {
  return md5Hex(`${secretKey}${orderNo}${amountForSign(payAmount)}${secretKey}`);
}

/** 确认改签 (order/change/confirm): signed over chaNo, not orderNo. */
export function changeConfirmSign(secretKey: string, chaNo: string, payAmount: number | null): string {
  return md5Hex(`${secretKey}${chaNo}${amountForSign(payAmount)}${secretKey}`);
}

/** The sign a callback carries. */
export function callbackSign(secretKey: string, orderNo: string): string {
  return md5Hex(`${secretKey}${orderNo}${secretKey}`);
}

/** Constant-time comparison of two hex digests (case-insensitive). */
export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a callback's sign is md5(secretKey + orderNo + secretKey). */
export function verifyCallbackSign(secretKey: string, orderNo: string, sign: string): boolean {
  return /^[0-9a-f]{32}$/i.test(sign) && safeEqualHex(callbackSign(secretKey, orderNo), sign);
}

function aesKey(secretKey: string): Buffer {
  return createHash('md5').update(secretKey, 'utf8').digest();
}

/** A 密文 field: base64 of AES-128-ECB/PKCS7 under md5(secretKey). */
export function encryptField(secretKey: string, plain: string): string {
  const c = createCipheriv('aes-128-ecb', aesKey(secretKey), null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

/** Inverse of encryptField; throws on a wrong key or a value that is not such a cipher text. */
export function decryptField(secretKey: string, cipherText: string): string {
  const bytes = Buffer.from(cipherText, 'base64');
  if (bytes.length === 0 || bytes.length % 16 !== 0) throw new RangeError('not an AES-128-ECB cipher text');
  const d = createDecipheriv('aes-128-ecb', aesKey(secretKey), null);
  return Buffer.concat([d.update(bytes), d.final()]).toString('utf8');
}
