import { describe, expect, it } from 'vitest';
import { errorsOf, messageOf, submittedValues } from './form';

describe('submittedValues', () => {
  it('echoes the text fields, not secrets, files or React’s own fields', () => {
    const form = new FormData();
    form.append('email', 'a@example.test');
    form.append('password', 'Secret-123456');
    form.append('confirmPassword', 'Secret-123456');
    form.append('token', 'invitation-token');
    form.append('$ACTION_ID_abc', '');
    form.append('photo', new Blob(['x']), 'p.jpg');
    form.append('name', '张三');
    expect(submittedValues(form)).toEqual({ email: 'a@example.test', name: '张三' });
  });

  it('keeps the first of repeated fields and bounds each value', () => {
    const form = new FormData();
    form.append('note', 'x'.repeat(5000));
    form.append('note', 'second');
    expect(submittedValues(form).note).toHaveLength(2000);
  });
});

describe('errorsOf / messageOf', () => {
  const failed = { ok: false as const, message: '请检查填写的内容。', fieldErrors: { email: ['邮箱格式不正确。'] } };
  it('reads a failed state', () => {
    expect(errorsOf(failed, 'email')).toEqual(['邮箱格式不正确。']);
    expect(errorsOf(failed, 'name')).toBeUndefined();
    expect(messageOf(failed)).toBe('请检查填写的内容。');
  });
  it('is empty before a submit and after a success', () => {
    expect(errorsOf(null, 'email')).toBeUndefined();
    expect(messageOf({ ok: true })).toBeNull();
  });
});
