import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { localText } from '@/lib/i18n/catalogue';
import { errorResponse } from '@/lib/http';

describe('route error bodies in the request language', () => {
  const error = () => new AppError('validation', '请求参数有误。', { q: ['查询过长。'], date: ['日期无效。'] });

  it('Chinese: exactly as thrown', async () => {
    const body: unknown = await errorResponse(error(), 'zh').json();
    expect(body).toEqual({
      error: {
        code: 'validation',
        message: '请求参数有误。',
        fieldErrors: { q: ['查询过长。'], date: ['日期无效。'] },
      },
    });
  });

  it("English: the routes' own texts from messages/en/api.json, lib's through localText", async () => {
    const body: unknown = await errorResponse(error(), 'en').json();
    expect(body).toEqual({
      error: {
        code: 'validation',
        message: localText('en', '请求参数有误。'),
        fieldErrors: { q: ['The query is too long.'], date: ['Invalid date.'] },
      },
    });
  });
});
