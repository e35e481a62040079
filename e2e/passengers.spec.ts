import { expect, test, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { signUpAndSignIn, uniqueEmail } from './helpers';
import { axe, openBooking, submitBooking, travelDate } from './journeys';
import { isEnglish, L } from './locale';

let seq = 200 + Math.floor(Math.random() * 400);
function idCard(): string {
  seq += 1;
  return makeIdCard('440103', `19${60 + (seq % 30)}-0${1 + (seq % 9)}-1${seq % 9}`, seq % 1000);
}

// The passenger form's labels (passengers.form: a passport's own in English).
const NAME = () => L('姓名', 'passengers.form.name');
const ID_NO = () => L('证件号码', 'passengers.form.idNo');
const MOBILE = () => L('手机号', 'passengers.form.mobile');
const LIST = () => L('常用乘客列表', 'passengers.manager.listLabel');
const editLink = (name: string) => `${L('编辑', 'passengers.manager.edit')} ${name}`;
const deleteButton = (name: string) => `${L('删除', 'passengers.manager.delete')} ${name}`;
/** passengers.manager.count: "共 n / 15 位" (then the 12306 account's limit when bound). */
const countOf = (n: number) => (isEnglish() ? new RegExp(`^${n} / 15 passengers`) : `共 ${n} / 15 位`);

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function addId(page: Page, name: string, id = idCard(), mobile = '13800001111') {
  await page.getByRole('button', { name: L('添加常用乘客') }).click();
  const form = page.getByRole('form', { name: L('添加常用乘客') });
  await form.getByLabel(NAME()).fill(name);
  await form.getByLabel(ID_NO()).fill(id);
  await form.getByLabel(MOBILE()).fill(mobile);
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(page.getByRole('list', { name: LIST() }).getByRole('link', { name: editLink(name) })).toBeVisible();
  return id;
}

test('bind a 12306 account (wrong password, then the SMS step), manage 常旅客 with it, book with it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 375, height: 800 });
  await signUpAndSignIn(page, uniqueEmail('pax'), 'Passenger-Owner-7', '常旅客');

  await page.goto('/passengers/account');
  await axe(page, 'account page');
  expect(await noSideScroll(page)).toBe(true);
  const bind = page.getByRole('form', { name: L('绑定 12306 账号') });
  await bind.getByLabel(L('12306 用户名')).fill('sandbox');
  await bind.getByLabel(L('12306 密码')).fill('not-the-password');
  await bind.getByRole('button', { name: L('登录并绑定') }).click();
  await expect(bind.getByRole('status')).toContainText(isEnglish() ? 'wrong password' : '密码错误');
  // What was typed stays.
  await expect(bind.getByLabel(L('12306 用户名'))).toHaveValue('sandbox');

  // A new 12306 account: registered here (SMS code of the sandbox), then its first login asks for the SMS step.
  const account = `e2e${Date.now().toString(36)}`;
  await page.getByText(L('注册新的 12306 账号')).click();
  const reg = page.getByRole('form', { name: L('注册 12306 账号') });
  await reg.getByLabel(L('用户名')).fill(account);
  await reg.getByLabel(L('密码')).fill('rail_2026');
  await reg.getByLabel(NAME(), { exact: true }).fill('欧阳明');
  // 账号注册 l.302-306: a 港澳 card asks for birthday, sex, expiry and an e-mail; a 身份证 for none of them.
  await reg.getByLabel(L('证件类型')).selectOption({ label: L('港澳居民来往内地通行证') });
  await expect(reg.getByLabel(L('邮箱'))).toBeVisible();
  await expect(reg.getByLabel(L('出生日期'))).toBeVisible();
  await reg.getByLabel(L('证件类型')).selectOption({ label: L('居民身份证') });
  await expect(reg.getByLabel(L('邮箱'))).toHaveCount(0);
  await reg.getByLabel(ID_NO()).fill(idCard());
  await reg.getByLabel(MOBILE()).fill(`139${String(Date.now()).slice(-8)}`);
  await reg.getByLabel(L('短信验证码')).fill('123456');
  await reg.getByRole('button', { name: L('注册', 'passengers.account.registerSubmit') }).click();
  await expect(reg.getByRole('status')).toContainText(
    isEnglish() ? 'You can now sign in with the new account and link it.' : '现在可以用新账号登录并绑定',
  );

  await bind.getByLabel(L('12306 用户名')).fill(account);
  await bind.getByLabel(L('12306 密码')).fill('rail_2026');
  await bind.getByRole('button', { name: L('登录并绑定') }).click();
  const sms = page.getByRole('form', { name: L('短信验证') });
  await expect(page.getByText(isEnglish() ? /Please text 666 to 12306/ : /发送短信666至12306/)).toBeVisible();
  await sms.getByLabel(L('短信验证码')).fill('123456');
  await sms.getByRole('button', { name: L('验证并绑定') }).click();
  await expect(page.getByTestId('bound-account')).toContainText('*');
  await expect(page.getByText(L('已绑定，已登录'))).toBeVisible();

  // 常旅客: the holder comes from 12306; three card types added here.
  await page.goto('/passengers');
  await expect(page.getByText(isEnglish() ? /^Linked to 12306 account / : /已绑定 12306 账号/)).toBeVisible();
  const list = page.getByRole('list', { name: LIST() });
  await expect(list.getByRole('link', { name: editLink('欧阳明') })).toBeVisible();
  await expect(list.getByRole('button', { name: new RegExp(deleteButton('欧阳明')) })).toHaveCount(0);

  // A rejected form keeps what was typed.
  await page.getByRole('button', { name: L('添加常用乘客') }).click();
  let form = page.getByRole('form', { name: L('添加常用乘客') });
  await form.getByLabel(NAME()).fill('林小雨');
  await form.getByLabel(ID_NO()).fill('110101199003078510');
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(form.getByText(isEnglish() ? /check digit/ : /校验位/)).toBeVisible();
  await expect(form.getByLabel(NAME())).toHaveValue('林小雨');
  await expect(form.getByLabel(ID_NO())).toHaveValue('110101199003078510');
  const verifiedId = idCard();
  await form.getByLabel(ID_NO()).fill(verifiedId);
  await form.getByLabel(MOBILE()).fill('13800002222');
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(list.getByRole('link', { name: editLink('林小雨') })).toBeVisible();
  await expect(list.getByRole('listitem').filter({ hasText: '林小雨' })).toContainText(
    isEnglish() ? `12306 verification: ${L.server('已通过')}` : '12306 核验：已通过',
  );
  // 手机核验 (panhe l.390): the code 12306 gave, with the steps, on the owner's page (the sandbox verifies after 60 s).
  await expect(
    list.getByRole('listitem').filter({ hasText: '林小雨' }).getByTestId('mobile-verify-steps'),
  ).toContainText(
    isEnglish()
      ? /With mobile 138\*\*\*\*2222, send the SMS \d{8} to 12306/
      : /用手机 138\*\*\*\*2222 发送短信 \d{8} 至 12306/,
  );

  // A passport: in English its own labels (passengers.form.*Passport) and the nationality as a list.
  await page.getByRole('button', { name: L('添加常用乘客') }).click();
  form = page.getByRole('form', { name: L('添加常用乘客') });
  await form.getByLabel(NAME()).fill('Anna Berg');
  await form.getByLabel(L('证件类型')).selectOption('2');
  await form.getByLabel(L('证件号码', 'passengers.form.idNoPassport')).fill('P1234567');
  await form.getByLabel(MOBILE()).fill('13800003333');
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(form.getByText(L('此证件类型需要填写出生日期。'))).toBeVisible();
  await form.getByLabel(L('出生日期')).fill('1990-04-05');
  await form.getByLabel(L('性别')).selectOption('2');
  await form.getByLabel(L('证件有效期至', 'passengers.form.cardValidUntilPassport')).fill('2032-01-01');
  if (isEnglish()) await form.getByLabel(L('国籍')).selectOption('SE');
  else await form.getByLabel(/国籍/).fill('SE');
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(list.getByRole('listitem').filter({ hasText: 'Anna Berg' })).toContainText(L.server('待核验'));

  await page.getByRole('button', { name: L('添加常用乘客') }).click();
  form = page.getByRole('form', { name: L('添加常用乘客') });
  await form.getByLabel(NAME()).fill('何家明');
  await form.getByLabel(L('证件类型')).selectOption('3');
  await form.getByLabel(ID_NO()).fill('H87654321');
  await form.getByLabel(MOBILE()).fill('13800004444');
  await form.getByLabel(L('出生日期')).fill('1992-07-08');
  await form.getByLabel(L('性别')).selectOption('1');
  await form.getByLabel(L('证件有效期至', 'passengers.form.cardValidUntil')).fill('2030-07-08');
  await form.getByRole('button', { name: L('保存') }).click();
  await expect(list.getByRole('link', { name: editLink('何家明') })).toBeVisible();

  // Masked everywhere in the list.
  await expect(list).not.toContainText(verifiedId);
  await expect(list).toContainText(`${verifiedId.slice(0, 4)}**********${verifiedId.slice(-4)}`);

  // Up to the limit of 15 (the holder counts).
  for (let i = 0; i < 11; i++) await addId(page, `同行${'一二三四五六七八九十甲'[i]}`);
  await expect(page.getByText(countOf(15))).toBeVisible();
  await expect(page.getByRole('button', { name: L('添加常用乘客') })).toBeDisabled();

  // A verified passenger cannot be deleted within the month: refused, with the date.
  await expect(list.getByRole('listitem').filter({ hasText: '林小雨' })).toContainText(
    isEnglish() ? /cannot be deleted before \d{4}-\d{2}-\d{2}/ : /\d{4}-\d{2}-\d{2} 前不能删除/,
  );
  await list.getByRole('button', { name: deleteButton('林小雨') }).click();
  const dialog = page.getByRole('dialog', { name: L('删除常用乘客') });
  await dialog.getByRole('button', { name: L('确认删除') }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    isEnglish()
      ? /cannot be deleted before \d{4}-\d{1,2}-\d{1,2} \(12306's rule\)/
      : /\d{4}年\d{1,2}月\d{1,2}日前不允许删除/,
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Edit (the owner's form shows the full number), then delete one that is not verified yet.
  await list.getByRole('link', { name: editLink('Anna Berg') }).click();
  await expect(page.getByLabel(L('证件号码', 'passengers.form.idNoPassport'))).toHaveValue('P1234567');
  await page.getByLabel(L('姓名', 'passengers.form.namePassport')).fill('Anna Berglund');
  await page.getByRole('button', { name: L('保存') }).click();
  await expect(page).toHaveURL(/\/passengers$/);
  await expect(list.getByRole('link', { name: editLink('Anna Berglund') })).toBeVisible();
  await list.getByRole('button', { name: deleteButton('Anna Berglund') }).click();
  await page
    .getByRole('dialog', { name: L('删除常用乘客') })
    .getByRole('button', { name: L('确认删除') })
    .click();
  await expect(list.getByRole('link', { name: editLink('Anna Berglund') })).toHaveCount(0);
  await expect(page.getByText(countOf(14))).toBeVisible();
  await axe(page, 'passengers page');
  expect(await noSideScroll(page)).toBe(true);

  // Keyboard: the add button opens the form and focus can reach its first field.
  await page.getByRole('button', { name: L('添加常用乘客') }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: L('添加常用乘客') })).toBeVisible();
  await page.keyboard.press('Tab');
  await page
    .getByRole('form', { name: L('添加常用乘客') })
    .getByRole('button', { name: L('取消') })
    .click();

  // The booking form offers them, and the order is placed with the bound account.
  await openBooking(page, travelDate(5), 4);
  await expect(page.getByText('何家明', { exact: true })).toBeVisible();
  // 待核验 (the sandbox verifies a 港澳 pass a day later): said next to the passenger as soon as chosen.
  await page.getByRole('checkbox', { name: /何家明/ }).check();
  await expect(page.getByTestId('passenger-verify-warning').first()).toContainText(
    isEnglish() ? "12306 is still verifying 何家明's identity" : '何家明 的身份信息 12306 尚在核验',
  );
  await page.getByRole('checkbox', { name: /何家明/ }).uncheck();
  await expect(page.getByTestId('child-height-rule')).toContainText(
    isEnglish() ? 'one child under 1.2 m' : '身高不足1.2米的儿童',
  );
  await page.getByRole('checkbox', { name: /林小雨/ }).check();
  await submitBooking(page, '13800002222');
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('train-account')).toContainText(isEnglish() ? 'my 12306 account' : '我的 12306 账号');
  await expect(page.getByTestId('order-status')).toHaveText(
    new RegExp(`${L.server('占位成功')}|${L.server('占位中')}`),
  );
});

test('another traveller sees none of them; the booking form keeps what was typed on a rejected add', async ({
  page,
}) => {
  await signUpAndSignIn(page, uniqueEmail('pax2'), 'Passenger-Other-7', '旁人');
  await page.goto('/passengers');
  await expect(page.getByText(L('还没有常用乘客。'))).toBeVisible();
  await expect(page.getByText(isEnglish() ? 'No 12306 account linked' : '未绑定 12306 账号')).toBeVisible();
  await openBooking(page, travelDate(6), 4);
  const form = page.getByRole('form', { name: L('添加乘客') });
  await form.getByLabel(NAME()).fill('郑一');
  await form.getByLabel(ID_NO()).fill('110101199003078510');
  await form.getByRole('button', { name: L('保存乘客') }).click();
  await expect(form.getByText(isEnglish() ? /check digit/ : /校验位/)).toBeVisible();
  await expect(form.getByLabel(NAME())).toHaveValue('郑一');
  await expect(form.getByLabel(ID_NO())).toHaveValue('110101199003078510');
  await axe(page, 'booking form add passenger');
});
