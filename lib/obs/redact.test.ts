import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { logError, logInfo } from '@/lib/log';
import { REDACTED, setLogDestination } from './logger';
import { REDACTED_KEYS, redactPaths } from './redact';

function capture(): string[] {
  const lines: string[] = [];
  setLogDestination(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  );
  return lines;
}

afterEach(() => setLogDestination());

describe('log redaction', () => {
  it('censors every listed key at the top, nested and in arrays; keeps the rest', () => {
    const lines = capture();
    logInfo('order', {
      idNo: '110101199001011234',
      order: { contactMobile: '13800138000', passengers: [{ name: '张三', idNo: '110101199001015678', seat: '05车' }] },
      deep: { a: { b: { trainPassword: 'pw-12306' } } },
      trainCode: 'G1',
    });
    logError('failed', new Error('boom'), { user: { password: 'hunter2hunter2', email: 'a@b.test' } });
    const all = lines.join('\n');
    for (const secret of [
      '110101199001011234',
      '13800138000',
      '张三',
      '110101199001015678',
      'pw-12306',
      'hunter2hunter2',
      'a@b.test',
    ])
      expect(all).not.toContain(secret);
    const first = JSON.parse(lines[0]!) as {
      order: { passengers: { seat: string; name: string }[] };
      trainCode: string;
    };
    expect(first.trainCode).toBe('G1');
    expect(first.order.passengers[0]).toEqual({ name: REDACTED, idNo: REDACTED, seat: '05车' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'error', message: 'failed', error: 'boom' });
  });

  it('builds one path per key and depth, and per array position', () => {
    const paths = redactPaths(['idNo']);
    expect(paths).toEqual(expect.arrayContaining(['idNo', '*.idNo', '*.*.idNo', '*[*].idNo', '*.*[*].idNo']));
    expect(redactPaths().length).toBe(REDACTED_KEYS.length * 9);
  });
});
