'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Field, buttonPrimary } from '@/components/ui/field';
import { ID_TYPES } from '@/lib/domain/passenger';
import {
  bindAccountAction,
  changeCodeAction,
  changePasswordAction,
  faceAuthAction,
  forgotCodeAction,
  forgotResetAction,
  registerAccountAction,
  unbindAction,
  verifySmsAction,
} from '@/lib/train-account/actions';
import type { AccountView } from '@/lib/train-account/service';

type Result = { ok: true; data: unknown } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/**
 * A small controlled form: keeps what was typed across a rejected submit, shows field errors and the
 * message in an alert region.
 */
function useForm<K extends string>(keys: readonly K[]) {
  const [values, setValues] = useState(Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const bind = (k: K) => ({
    name: k,
    value: values[k],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value })),
    errors: errors[k],
  });
  async function run(action: () => Promise<Result>): Promise<Result> {
    setPending(true);
    try {
      const r = await action();
      setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
      setMessage(r.ok ? null : r.message);
      return r;
    } finally {
      setPending(false);
    }
  }
  return { values, setValues, bind, run, message, setMessage, pending };
}

function Alert({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="text-sm text-red-700">
      {children}
    </div>
  );
}

const STATUS_LABEL: Record<AccountView['status'], string> = {
  bound: '已绑定，已登录',
  pending_sms: '等待短信验证',
  relogin: '登录已失效，请重新绑定',
};

export function AccountPanel({ account }: { account: AccountView | null }) {
  const router = useRouter();
  const [step, setStep] = useState<'login' | 'sms' | 'lastDigits'>(account?.status === 'pending_sms' ? 'sms' : 'login');
  const [hint, setHint] = useState<string | null>(account?.status === 'pending_sms' ? account.message : null);
  const login = useForm(['account', 'password', 'lastDigits'] as const);
  const sms = useForm(['code'] as const);
  const bound = account?.status === 'bound';

  async function submitLogin(e: React.FormEvent) {
    e.preventDefault();
    const r = await login.run(() => bindAccountAction(login.values));
    if (!r.ok) return;
    const d = r.data as { step: 'bound' | 'sms' | 'lastDigits'; message?: string };
    if (d.step === 'bound') {
      toast.success('12306 账号已绑定');
      router.refresh();
      return;
    }
    setHint(d.message ?? null);
    setStep(d.step);
  }

  async function submitSms(e: React.FormEvent) {
    e.preventDefault();
    const r = await sms.run(() => verifySmsAction(sms.values));
    if (r.ok) {
      toast.success('12306 账号已绑定');
      setStep('login');
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="status-heading">
        <h2 id="status-heading" className="font-semibold">
          绑定状态
        </h2>
        {account ? (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600">账号</dt>
            <dd data-testid="bound-account">{account.account}</dd>
            <dt className="text-slate-600">状态</dt>
            <dd>{STATUS_LABEL[account.status]}</dd>
            {account.message && account.status === 'relogin' && (
              <>
                <dt className="text-slate-600">原因</dt>
                <dd>{account.message}</dd>
              </>
            )}
            <dt className="text-slate-600">人脸认证</dt>
            <dd>{account.faceVerifiedAt ? '已认证' : '未认证'}</dd>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-700">未绑定：订单使用平台的 12306 账号下单，常旅客仅保存在本站。</p>
        )}
        {account && (
          <button
            type="button"
            className="mt-3 rounded border border-red-300 px-3 py-1 text-sm text-red-800"
            onClick={async () => {
              const r = await unbindAction({});
              if (r.ok) {
                toast.success('已解除绑定');
                setStep('login');
                router.refresh();
              }
            }}
          >
            解除绑定
          </button>
        )}
      </section>

      {!bound && step !== 'sms' && (
        <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="bind-heading">
          <h2 id="bind-heading" className="mb-2 font-semibold">
            绑定 12306 账号
          </h2>
          <form
            onSubmit={submitLogin}
            noValidate
            className="grid grid-cols-1 gap-3 sm:grid-cols-2"
            aria-label="绑定 12306 账号"
          >
            <Field id="bind-account" label="12306 用户名" autoComplete="username" {...login.bind('account')} />
            <Field
              id="bind-password"
              label="12306 密码"
              type="password"
              autoComplete="current-password"
              {...login.bind('password')}
            />
            {step === 'lastDigits' && (
              <Field
                id="bind-lastDigits"
                label="证件号码后 4 位"
                hint={hint ?? undefined}
                {...login.bind('lastDigits')}
              />
            )}
            <div className="sm:col-span-2">
              <Alert>{login.message}</Alert>
              <button type="submit" className={buttonPrimary} disabled={login.pending}>
                {login.pending ? '登录中…' : '登录并绑定'}
              </button>
            </div>
          </form>
        </section>
      )}

      {step === 'sms' && !bound && (
        <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="sms-heading">
          <h2 id="sms-heading" className="mb-2 font-semibold">
            短信验证
          </h2>
          <p className="mb-2 text-sm text-slate-700" role="status">
            12306 要求短信验证：{hint}。发送后输入收到的验证码。
          </p>
          <form onSubmit={submitSms} noValidate className="flex flex-col gap-3 sm:max-w-xs" aria-label="短信验证">
            <Field
              id="sms-code"
              label="短信验证码"
              inputMode="numeric"
              autoComplete="one-time-code"
              {...sms.bind('code')}
            />
            <Alert>{sms.message}</Alert>
            <button type="submit" className={buttonPrimary} disabled={sms.pending}>
              验证并绑定
            </button>
          </form>
        </section>
      )}

      {bound && <FacePanel onDone={() => router.refresh()} />}
      {bound && <ChangePassword onDone={() => router.refresh()} />}
      {!bound && <Register />}
      <ForgotPassword />
    </div>
  );
}

function FacePanel({ onDone }: { onDone: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="face-heading">
      <h2 id="face-heading" className="mb-2 font-semibold">
        人脸认证
      </h2>
      <label htmlFor="face-photo" className="text-sm font-medium">
        本人正面照片（JPG/PNG，不超过 100 KB，不戴眼镜）
      </label>
      <input
        id="face-photo"
        type="file"
        accept="image/jpeg,image/png"
        className="mt-1 block text-sm"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          if (file.size > 100 * 1024) {
            setMessage('照片不能超过 100 KB，请压缩后重试。');
            return;
          }
          const bytes = new Uint8Array(await file.arrayBuffer());
          let bin = '';
          for (const b of bytes) bin += String.fromCharCode(b);
          const r = await faceAuthAction({ photo: btoa(bin) });
          setMessage(r.ok ? null : r.message);
          if (r.ok) {
            toast.success('人脸认证已通过');
            onDone();
          }
        }}
      />
      <Alert>{message}</Alert>
    </section>
  );
}

function ChangePassword({ onDone }: { onDone: () => void }) {
  const f = useForm(['oldPassword', 'password', 'confirm', 'code'] as const);
  const [sent, setSent] = useState(false);
  return (
    <FlowForm
      title="修改 12306 密码"
      message={f.message}
      pending={f.pending}
      submitLabel={sent ? '确认修改' : '获取验证码'}
      onSubmit={async () => {
        if (!sent) {
          const r = await f.run(() => changeCodeAction(f.values));
          if (r.ok) setSent(true);
          return;
        }
        const r = await f.run(() => changePasswordAction(f.values));
        if (r.ok) {
          toast.success('12306 密码已修改');
          setSent(false);
          onDone();
        }
      }}
    >
      <Field id="cp-old" label="原密码" type="password" autoComplete="current-password" {...f.bind('oldPassword')} />
      <Field id="cp-new" label="新密码" type="password" autoComplete="new-password" {...f.bind('password')} />
      <Field id="cp-confirm" label="确认新密码" type="password" autoComplete="new-password" {...f.bind('confirm')} />
      {sent && <Field id="cp-code" label="短信验证码" inputMode="numeric" {...f.bind('code')} />}
    </FlowForm>
  );
}

function ForgotPassword() {
  const f = useForm(['idType', 'idNo', 'mobile', 'password', 'confirm', 'code'] as const);
  const [requestId, setRequestId] = useState<string | null>(null);
  return (
    <FlowForm
      title="忘记 12306 密码"
      formLabel="找回 12306 密码"
      message={f.message}
      pending={f.pending}
      submitLabel={requestId ? '重置密码' : '获取验证码'}
      onSubmit={async () => {
        if (!requestId) {
          const r = await f.run(() => forgotCodeAction({ ...f.values, idType: f.values.idType || '1' }));
          if (r.ok) setRequestId((r.data as { requestID: string }).requestID);
          return;
        }
        const r = await f.run(() => forgotResetAction({ ...f.values, requestId }));
        if (r.ok) {
          toast.success('12306 密码已重置');
          setRequestId(null);
        }
      }}
    >
      <IdTypeSelect
        id="fp-idType"
        value={f.values.idType}
        onChange={(idType) => f.setValues((v) => ({ ...v, idType }))}
      />
      <Field id="fp-idNo" label="证件号码" autoComplete="off" {...f.bind('idNo')} />
      <Field id="fp-mobile" label="账号绑定的手机号" inputMode="numeric" {...f.bind('mobile')} />
      {requestId && (
        <>
          <Field id="fp-code" label="短信验证码" inputMode="numeric" {...f.bind('code')} />
          <Field id="fp-new" label="新密码" type="password" autoComplete="new-password" {...f.bind('password')} />
          <Field
            id="fp-confirm"
            label="确认新密码"
            type="password"
            autoComplete="new-password"
            {...f.bind('confirm')}
          />
        </>
      )}
    </FlowForm>
  );
}

function Register() {
  const f = useForm(['account', 'password', 'name', 'idType', 'idNo', 'mobile', 'msgCode'] as const);
  const [note, setNote] = useState<string | null>(null);
  return (
    <FlowForm
      title="注册新的 12306 账号"
      formLabel="注册 12306 账号"
      intro="先用手机发送短信 999 到 12306 获取验证码。"
      message={f.message}
      pending={f.pending}
      submitLabel="注册"
      after={
        note && (
          <p role="status" className="text-sm text-green-800">
            {note} 现在可以用新账号登录并绑定。
          </p>
        )
      }
      onSubmit={async () => {
        const r = await f.run(() => registerAccountAction({ ...f.values, idType: f.values.idType || '1' }));
        if (r.ok) setNote((r.data as { note: string }).note);
      }}
    >
      <Field id="reg-account" label="用户名" autoComplete="off" {...f.bind('account')} />
      <Field id="reg-password" label="密码" type="password" autoComplete="new-password" {...f.bind('password')} />
      <Field id="reg-name" label="姓名" {...f.bind('name')} />
      <IdTypeSelect
        id="reg-idType"
        value={f.values.idType}
        onChange={(idType) => f.setValues((v) => ({ ...v, idType }))}
      />
      <Field id="reg-idNo" label="证件号码" autoComplete="off" {...f.bind('idNo')} />
      <Field id="reg-mobile" label="手机号" inputMode="numeric" {...f.bind('mobile')} />
      <Field id="reg-msgCode" label="短信验证码" inputMode="numeric" {...f.bind('msgCode')} />
    </FlowForm>
  );
}

/** One of the account page's folded two-step forms: a titled disclosure, the fields, the message and the button. */
function FlowForm({
  title,
  formLabel,
  intro,
  onSubmit,
  message,
  pending,
  submitLabel,
  after,
  children,
}: {
  title: string;
  /** The form's accessible name when it differs from the title. */
  formLabel?: string;
  intro?: string;
  onSubmit: () => Promise<void>;
  message: string | null;
  pending: boolean;
  submitLabel: string;
  after?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <details className="rounded-lg bg-white p-4 shadow-sm">
      <summary className="cursor-pointer font-semibold">{title}</summary>
      {intro && <p className="mt-2 text-sm text-slate-700">{intro}</p>}
      <form
        noValidate
        aria-label={formLabel ?? title}
        className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        {children}
        <div className="sm:col-span-2">
          <Alert>{message}</Alert>
          {after}
          <button type="submit" className={buttonPrimary} disabled={pending}>
            {submitLabel}
          </button>
        </div>
      </form>
    </details>
  );
}

function IdTypeSelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        证件类型
      </label>
      <select
        id={id}
        className="rounded border border-slate-300 bg-white px-3 py-2"
        value={value || '1'}
        onChange={(e) => onChange(e.target.value)}
      >
        {ID_TYPES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}
