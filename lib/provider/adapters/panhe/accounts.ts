/** Panhe's 12306 account and 常旅客 endpoints behind the port's TrainAccountApi. */
import type { TrainAccountApi } from '../../port';
import type { ProviderClient } from './client';
import { toFrequentPassenger } from './mappers';

export function panheAccounts(client: ProviderClient): TrainAccountApi {
  return {
    async login(c, lastDigits) {
      const r = await client.login(c, lastDigits);
      return { isPass: r.isPass === true, errorMsg: r.errorMsg ?? null };
    },
    requireLogin: (c, lastDigits) => client.requireLogin(c, lastDigits),
    async verifyLogin(c, smsCode) {
      await client.verifyLogin(c, smsCode);
    },
    async faceAuth(c, photos) {
      await client.faceAuth(c, photos);
    },
    async register(i) {
      const r = await client.register({
        trainAccount: i.trainAccount,
        trainPassword: i.trainPassword,
        name: i.name,
        cardType: i.cardType,
        cardNo: i.cardNo,
        mobile: i.mobile,
        passengerType: i.passengerType,
        msgCode: i.smsCode,
        // 账号注册 l.302-306, sent only when given (the portal requires them by card type).
        ...(i.email ? { email: i.email } : {}),
        ...(i.sex ? { sex: i.sex } : {}),
        ...(i.countryCode ? { countryCode: i.countryCode.trim().toUpperCase() } : {}),
        ...(i.cardValidUntil ? { cardValidEndDate: i.cardValidUntil } : {}),
        ...(i.birthday ? { birthday: i.birthday } : {}),
      });
      return { passed: r.regSubmitIsPass === true, note: r.note ?? null };
    },
    listPassengers: async (c) => (await client.listPassengers(c)).map(toFrequentPassenger),
    async savePassenger(c, p) {
      const r = await client.savePassenger(c, p);
      return {
        identityVerifyStatus: r.identityVerifyStatus ?? null,
        mobileVerifyStatus: r.mobileVerifyStatus ?? null,
        verificationCode: r.verificationCode ?? null,
      };
    },
    async updateSelf(c, passengerType) {
      await client.updateSelf(c, passengerType);
    },
    async deletePassenger(c, p) {
      await client.deletePassenger(c, p);
    },
    passwordForgotCode: (r) => client.passwordForgotCode(r),
    async passwordForgotReset(requestID, newPassword, code) {
      await client.passwordForgotReset(requestID, newPassword, code);
    },
    async passwordChangeCode(account, oldPassword, newPassword) {
      await client.passwordChangeCode(account, oldPassword, newPassword);
    },
    async passwordChange(account, oldPassword, newPassword, code) {
      await client.passwordChange(account, oldPassword, newPassword, code);
    },
  };
}
