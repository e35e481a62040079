/** Shared with client components: keep this file free of server imports. */
export const SIGN_IN_FAILED_MESSAGE = '邮箱或密码不正确。连续多次失败后账号将被暂时锁定，请稍后再试。';
