/**
 * Signs and ciphers exactly as panhe-train-api.md documents them.
 * - 确认出票: md5(secretKey + orderNo + payAmount + secretKey); 确认改签: md5(secretKey + chaNo + payAmount + secretKey);
 *   payAmount left out when null; 32 lowercase hex; no '+' in the joined string.
 * - callbacks (fixed by us): md5(secretKey + orderNo + secretKey).
 * - 密文 fields (trainAccount, trainPassword, ...): base64(AES-128-ECB, PKCS7), key = the 16 raw bytes of md5(secretKey).
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/** payAmount as it goes into the signed string: the decimal as sent on the wire (127, 127.5). */
export function amountForSign(payAmount: number | null | undefined): string {
  return payAmount === null || payAmount === undefined ? '' : String(payAmount);
}

export function confirmSign(secretKey: string, orderNo: string, payAmount: number | null): string {
  return md5Hex(`${secretKey}${orderNo}${amountForSign(payAmount)}${secretKey}`);
}

export function changeConfirmSign(secretKey: string, chaNo: string, payAmount: number | null): string {
  return md5Hex(`${secretKey}${chaNo}${amountForSign(payAmount)}${secretKey}`);
}

export function callbackSign(secretKey: string, orderNo: string): string {
  return md5Hex(`${secretKey}${orderNo}${secretKey}`);
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCallbackSign(secretKey: string, orderNo: string, sign: string): boolean {
  return safeEqualHex(callbackSign(secretKey, orderNo), sign);
}

function aesKey(secretKey: string): Buffer {
  return createHash('md5').update(secretKey, 'utf8').digest();
}

export function encryptField(secretKey: string, plain: string): string {
  const c = createCipheriv('aes-128-ecb', aesKey(secretKey), null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

export function decryptField(secretKey: string, cipherText: string): string {
  const d = createDecipheriv('aes-128-ecb', aesKey(secretKey), null);
  return Buffer.concat([d.update(Buffer.from(cipherText, 'base64')), d.final()]).toString('utf8');
}
