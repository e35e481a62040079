import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { internalCodesIn } from '@/lib/internal-codes';
import { AUDIT_ACTIONS, auditLabel, type AuditEntry } from './audit-labels';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' || f.startsWith('.') ? [] : sources(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

/** The action codes the code records: `audit(m, actor.id, '<code>', …)`, and the member states `setMemberState` records. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sources(path.join(root, 'lib')), ...sources(path.join(root, 'app'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baudit\(\s*(?:\{[^}]*\}|\w+)\s*,\s*[\w!.]+\s*,\s*'([^']+)'/g)) found.add(m[1]!);
    const states = /state:\s*((?:'[a-z]+'\s*\|\s*)+'[a-z]+')/.exec(text);
    if (states && text.includes('await audit(m, actor.id, state,'))
      for (const s of states[1]!.matchAll(/'([a-z]+)'/g)) found.add(s[1]!);
  }
  return found;
}

const entry = (action: string, rest: Partial<AuditEntry> = {}): AuditEntry => ({
  action,
  actor: '张三',
  subject: null,
  detail: null,
  ...rest,
});

describe('agency activity labels', () => {
  it('has a label for every action the code records', () => {
    const recorded = recordedActions();
    // The grep must find the calls at all (order.book, order.pay, customer.create, the member states …).
    for (const a of ['order.book', 'order.pay', 'customer.create', 'passenger.add', 'invite', 'join', 'suspend'])
      expect(recorded).toContain(a);
    for (const a of recorded) expect(AUDIT_ACTIONS, `audit action ${a}`).toContain(a);
  });

  it('writes every action as a sentence with its actor and no internal code', () => {
    for (const action of AUDIT_ACTIONS) {
      const label = auditLabel(entry(action, { subject: 'x@example.test', detail: 'G1 李四', subjectName: '王五' }));
      expect(label.startsWith('张三 ')).toBe(true);
      expect(label).not.toContain(action);
      expect(internalCodesIn(label)).toEqual([]);
    }
  });

  it('names the subject in words, amounts in ¥', () => {
    expect(auditLabel(entry('order.book', { subject: 'uuid', detail: 'G1 李四' }))).toBe('张三 为客户 李四 预订 G1');
    expect(auditLabel(entry('order.pay', { subject: 'uuid', detail: '110650', subjectName: 'G1' }))).toBe(
      '张三 用预存款支付 G1 订单 ¥1106.5',
    );
    expect(auditLabel(entry('order.pay', { detail: 'nonsense' }))).toBe('张三 用预存款支付 订单');
    expect(auditLabel(entry('customer.create', { subject: 'uuid', detail: '李四' }))).toBe('张三 新建客户 李四');
    expect(auditLabel(entry('passenger.add', { subject: 'uuid', detail: '王大', subjectName: '李四' }))).toBe(
      '张三 为客户 李四 添加常用乘客 王大',
    );
    expect(auditLabel(entry('suspend', { subject: 'uuid', subjectName: '员工甲' }))).toBe('张三 停用了员工 员工甲');
    expect(auditLabel(entry('remove', { subject: 'uuid' }))).toBe('张三 移除了员工 （已移除的账号）');
    expect(auditLabel(entry('invite', { subject: 'new@example.test' }))).toBe('张三 邀请 new@example.test 加入本代理');
    expect(auditLabel(entry('window-refund.claim', { subjectName: 'G1 王大', detail: '窗口已退' }))).toBe(
      '张三 登记车站退票（G1 王大），备注：窗口已退',
    );
  });

  it('reads an action it does not know as 其他操作, never as its code', () => {
    const label = auditLabel(entry('grab.start'));
    expect(label).toBe('张三 执行了其他操作');
    expect(internalCodesIn(label)).toEqual([]);
  });
});
