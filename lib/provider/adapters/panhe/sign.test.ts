/**
 * Signs and 密文 fields. The docs' own examples (确认出票 sign 17fb3f15…, the 修改密码 cipher texts
 * x2mQh9UH…) cannot be reproduced: they were made with a secretKey the docs do not publish. What they
 * do show is checked instead: the signed payAmount text is the JSON number's (`"payAmount": 127` → "127"),
 * a sign is 32 lowercase hex, and a short 密文 value is one 16-byte AES block (24 base64 characters).
 * The AES known answers were computed with the openssl CLI, independently of node:crypto's API.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDER_SECRET_KEY } from './config';
import {
  amountForSign,
  callbackSign,
  changeConfirmSign,
  confirmSign,
  decryptField,
  encryptField,
  normalizeYuan,
  verifyCallbackSign,
} from '@/protocol/panhe/sign';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '__fixtures__', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('确认出票 / 确认改签 signs', () => {
  it('md5(secretKey+orderNo+payAmount+secretKey), no "+" in the joined string, 32 lowercase hex', () => {
    expect(confirmSign('K', 'T1', 127)).toBe('a172cd7f41dea8414a7b2f5b6d7e13ed'); // md5("KT1127K")
    expect(confirmSign('K', 'T1', 127)).toBe(md5('KT1127K'));
    expect(confirmSign('K', 'T1', 127.5)).toBe('633520d0ca655c8c874a7c3a0d391a51'); // md5("KT1127.5K")
    expect(confirmSign('K', 'T1', 127)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('payAmount is left out when null', () => {
    expect(confirmSign('K', 'T1', null)).toBe('3267587acbe298cab077188946df7373'); // md5("KT1K")
  });

  it('确认改签 signs over chaNo, not orderNo', () => {
    expect(changeConfirmSign('K', 'C9', 39)).toBe('4b78a60967d3836e4a7cae4685b3b59b'); // md5("KC939K")
    expect(changeConfirmSign('K', 'C9', null)).toBe(md5('KC9K'));
  });

  it('formats payAmount as the docs example sends it: the JSON number text, shortest decimal', () => {
    const example = fixture('order-confirm.request');
    expect(example.payAmount).toBe(127);
    expect(amountForSign(example.payAmount as number)).toBe('127');
    expect(confirmSign('secret', String(example.orderNo), 127)).toBe(md5(`secret${String(example.orderNo)}127secret`));
    expect(example.sign).toMatch(/^[0-9a-f]{32}$/); // the docs' sign has our format (its secretKey is not published)
    for (const [amount, asSigned] of [
      [127, '127'],
      [127.0, '127'],
      [100.5, '100.5'],
      [100.05, '100.05'],
      [0, '0'],
      [0.1 + 0.2, '0.3'],
      [1e21 / 1e19, '100'],
    ] as const) {
      expect(amountForSign(amount)).toBe(asSigned);
      expect(amountForSign(amount)).toBe(JSON.stringify(normalizeYuan(amount)));
    }
  });

  it('refuses amounts the wire cannot carry', () => {
    expect(() => amountForSign(1.234)).toThrow(RangeError);
    expect(() => amountForSign(-1)).toThrow(RangeError);
    expect(() => amountForSign(Number.NaN)).toThrow(RangeError);
  });
});

describe('callback sign', () => {
  it('md5(secretKey+orderNo+secretKey); verifyCallbackSign accepts only that', () => {
    expect(callbackSign('K', 'T1')).toBe(md5('KT1K'));
    expect(verifyCallbackSign('K', 'T1', md5('KT1K'))).toBe(true);
    expect(verifyCallbackSign('K', 'T1', md5('KT1K').toUpperCase())).toBe(true);
    expect(verifyCallbackSign('K', 'T1', md5('KT2K'))).toBe(false);
    expect(verifyCallbackSign('X', 'T1', md5('KT1K'))).toBe(false);
    expect(verifyCallbackSign('K', 'T1', '')).toBe(false);
    expect(verifyCallbackSign('K', 'T1', md5('KT1K').slice(0, 31))).toBe(false);
  });
});

describe('密文 fields: base64(AES-128-ECB/PKCS7), key = md5(secretKey) raw bytes', () => {
  const key = DEFAULT_PROVIDER_SECRET_KEY; // md5 = 31a2b05142dca72e74cee90eab602741

  it('matches known answers (openssl enc -aes-128-ecb -K 31a2b051…)', () => {
    expect(encryptField(key, 'sandbox')).toBe('opchY/IR+c9zrdwOwOwOsg==');
    expect(encryptField(key, 'user_12306')).toBe('OhfSmJZvjZNvIxAXYWwSMA==');
    // UTF-8, and a 16+ byte value takes two blocks (PKCS7 pads a full block).
    expect(encryptField(key, '张三abc_123456789')).toBe('E3xxRkO453xsEQUoNx2TlQBw1/64weHKMRD9UUl7WnQ=');
  });

  it('round-trips, and a short value is one 16-byte block like the docs examples', () => {
    for (const plain of ['sandbox', 'user_12306', '张三abc_123456789', '', 'x'.repeat(100)])
      expect(decryptField(key, encryptField(key, plain))).toBe(plain);
    const example = fixture('password-change-code.request');
    for (const field of ['trainAccount', 'oldTrainPassword', 'newTrainPassword', 'confirmTrainPassword']) {
      const docs = String(example[field]);
      expect(docs).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(docs, 'base64')).toHaveLength(16);
    }
    expect(encryptField(key, 'abc_12306')).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // newTrainPassword and confirmTrainPassword are equal in the docs: ECB is deterministic.
    expect(example.newTrainPassword).toBe(example.confirmTrainPassword);
    expect(encryptField(key, 'same')).toBe(encryptField(key, 'same'));
  });

  it('refuses a wrong key or a value that is not a cipher text', () => {
    const c = encryptField(key, 'sandbox');
    expect(() => decryptField('another-secret', c)).toThrow();
    expect(() => decryptField(key, 'not base64 at all')).toThrow();
    expect(() => decryptField(key, '')).toThrow();
  });
});
