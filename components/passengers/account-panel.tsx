'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { FormField, FormSelect, StateForm, type FormServerAction } from '@/components/ui/form';
import { registrationFieldsFor } from '@/lib/domain/documents';
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
import { Section } from '@/components/ui/section';

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
  const bound = account?.status === 'bound';

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
          <p className="mt-2 text-sm text-slate-700">未绑定：订单使用平台的 12306 账号下单，常用乘客仅保存在本站。</p>
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
        <Section id="bind-heading" title="绑定 12306 账号">
          <StateForm
            action={bindAccountAction}
            label="绑定 12306 账号"
            submitLabel="登录并绑定"
            pendingLabel="登录中…"
            className={grid}
            onDone={(d) => {
              if (d.step === 'bound') {
                toast.success('12306 账号已绑定');
                router.refresh();
                return;
              }
              setHint(d.message);
              setStep(d.step);
            }}
          >
            <FormField id="bind-account" name="account" label="12306 用户名" autoComplete="username" />
            <FormField
              id="bind-password"
              name="password"
              label="12306 密码"
              type="password"
              autoComplete="current-password"
            />
            {step === 'lastDigits' && (
              <FormField id="bind-lastDigits" name="lastDigits" label="证件号码后 4 位" hint={hint ?? undefined} />
            )}
          </StateForm>
        </Section>
      )}

      {step === 'sms' && !bound && (
        <Section id="sms-heading" title="短信验证">
          <p className="mb-2 text-sm text-slate-700" role="status">
            12306 要求短信验证：{hint}。发送后输入收到的验证码。
          </p>
          <StateForm
            action={verifySmsAction}
            label="短信验证"
            submitLabel="验证并绑定"
            className="flex flex-col gap-3 sm:max-w-xs"
            onDone={() => {
              toast.success('12306 账号已绑定');
              setStep('login');
              router.refresh();
            }}
          >
            <FormField id="sms-code" name="code" label="短信验证码" inputMode="numeric" autoComplete="one-time-code" />
          </StateForm>
        </Section>
      )}

      {bound && <FacePanel onDone={() => router.refresh()} />}
      {bound && <ChangePassword onDone={() => router.refresh()} />}
      {!bound && <Register />}
      <ForgotPassword />
    </div>
  );
}

const grid = 'grid grid-cols-1 gap-3 sm:grid-cols-2';

function FacePanel({ onDone }: { onDone: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Section id="face-heading" title="人脸认证">
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
    </Section>
  );
}

function ChangePassword({ onDone }: { onDone: () => void }) {
  const [sent, setSent] = useState(false);
  return (
    <TwoStepForm
      title="修改 12306 密码"
      steps={[
        { action: changeCodeAction, submitLabel: '获取验证码' },
        { action: changePasswordAction, submitLabel: '确认修改' },
      ]}
      second={sent}
      onDone={() => {
        if (!sent) return setSent(true);
        toast.success('12306 密码已修改');
        setSent(false);
        onDone();
      }}
    >
      <FormField id="cp-old" name="oldPassword" label="原密码" type="password" autoComplete="current-password" />
      <FormField id="cp-new" name="password" label="新密码" type="password" autoComplete="new-password" />
      <FormField id="cp-confirm" name="confirm" label="确认新密码" type="password" autoComplete="new-password" />
      {sent && <FormField id="cp-code" name="code" label="短信验证码" inputMode="numeric" />}
    </TwoStepForm>
  );
}

function ForgotPassword() {
  const [requestId, setRequestId] = useState<string | null>(null);
  return (
    <TwoStepForm
      title="忘记 12306 密码"
      label="找回 12306 密码"
      steps={[
        { action: forgotCodeAction, submitLabel: '获取验证码' },
        { action: forgotResetAction, submitLabel: '重置密码' },
      ]}
      second={!!requestId}
      onDone={(d) => {
        if ('requestID' in d) return setRequestId(d.requestID);
        toast.success('12306 密码已重置');
        setRequestId(null);
      }}
    >
      {requestId && <input type="hidden" name="requestId" value={requestId} />}
      <FormSelect id="fp-idType" name="idType" label="证件类型" options={ID_TYPES} defaultValue="1" />
      <FormField id="fp-idNo" name="idNo" label="证件号码" autoComplete="off" />
      <FormField id="fp-mobile" name="mobile" label="账号绑定的手机号" inputMode="numeric" />
      {requestId && (
        <>
          <FormField id="fp-code" name="code" label="短信验证码" inputMode="numeric" />
          <FormField id="fp-new" name="password" label="新密码" type="password" autoComplete="new-password" />
          <FormField id="fp-confirm" name="confirm" label="确认新密码" type="password" autoComplete="new-password" />
        </>
      )}
    </TwoStepForm>
  );
}

/**
 * A folded form in two steps (get the SMS code, then use it): one form, so what was typed in the first
 * step is still there in the second; its fields empty once the second step succeeds.
 */
function TwoStepForm<A, B>(props: {
  title: string;
  /** The form's accessible name when it differs from the title. */
  label?: string;
  steps: [{ action: FormServerAction<A>; submitLabel: string }, { action: FormServerAction<B>; submitLabel: string }];
  second: boolean;
  onDone: (data: A | B) => void;
  children: React.ReactNode;
}) {
  const step = props.steps[props.second ? 1 : 0];
  return (
    <FlowForm title={props.title}>
      <StateForm<A | B>
        action={step.action}
        label={props.label ?? props.title}
        submitLabel={step.submitLabel}
        className={grid}
        reset={props.second}
        onDone={props.onDone}
      >
        {props.children}
      </StateForm>
    </FlowForm>
  );
}

/** 账号注册 passengerType (panhe-train-api.md l.301). */
const PASSENGER_TYPES = [
  { value: '1', label: '成人' },
  { value: '2', label: '儿童' },
  { value: '3', label: '学生' },
  { value: '4', label: '残疾军人、伤残人民警察' },
];
const SEX = [
  { value: '', label: '请选择' },
  { value: '1', label: '男' },
  { value: '2', label: '女' },
];

function Register() {
  // The document details this card type needs (rules table registrationDocumentFields): only those show.
  const [idType, setIdType] = useState('1');
  const needs = new Set(registrationFieldsFor(idType));
  return (
    <FlowForm title="注册新的 12306 账号" intro="先用手机发送短信 999 到 12306 获取验证码。">
      <StateForm
        action={registerAccountAction}
        label="注册 12306 账号"
        submitLabel="注册"
        className={grid}
        done={({ note }) => <span className="text-green-800">{note} 现在可以用新账号登录并绑定。</span>}
      >
        <FormField id="reg-account" name="account" label="用户名" autoComplete="off" />
        <FormField id="reg-password" name="password" label="密码" type="password" autoComplete="new-password" />
        <FormField id="reg-name" name="name" label="姓名" />
        <FormSelect
          id="reg-idType"
          name="idType"
          label="证件类型"
          options={ID_TYPES}
          defaultValue="1"
          onChange={(e) => setIdType(e.target.value)}
        />
        <FormField id="reg-idNo" name="idNo" label="证件号码" autoComplete="off" />
        <FormSelect
          id="reg-passengerType"
          name="passengerType"
          label="旅客类型"
          options={PASSENGER_TYPES}
          defaultValue="1"
        />
        {needs.has('birthday') && <FormField id="reg-birthday" name="birthday" label="出生日期" type="date" />}
        {needs.has('sex') && <FormSelect id="reg-sex" name="sex" label="性别" options={SEX} defaultValue="" />}
        {needs.has('cardValidUntil') && (
          <FormField id="reg-cardValidUntil" name="cardValidUntil" label="证件有效期至" type="date" />
        )}
        {needs.has('countryCode') && (
          <FormField id="reg-countryCode" name="countryCode" label="国籍（国家或地区代码）" hint="如 US、GB、JP" />
        )}
        {needs.has('email') && <FormField id="reg-email" name="email" label="邮箱" type="email" autoComplete="email" />}
        <FormField id="reg-mobile" name="mobile" label="手机号" inputMode="numeric" />
        <FormField id="reg-msgCode" name="msgCode" label="短信验证码" inputMode="numeric" />
      </StateForm>
    </FlowForm>
  );
}

/** One of the account page's folded forms: a titled disclosure around the form. */
function FlowForm({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <details className="rounded-lg bg-white p-4 shadow-sm">
      <summary className="cursor-pointer font-semibold">{title}</summary>
      {intro && <p className="mt-2 text-sm text-slate-700">{intro}</p>}
      <div className="mt-3">{children}</div>
    </details>
  );
}
