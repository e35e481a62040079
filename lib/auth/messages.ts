/** Shared with client components: keep this file free of server imports. */
export const SIGN_IN_FAILED_MESSAGE = '邮箱或密码不正确。连续多次失败后账号将被暂时锁定，请稍后再试。';
/** Sign-up answers the same whether or not the email was registered before. */
export const SIGN_UP_SUBMITTED_MESSAGE = '注册申请已提交。如该邮箱此前未注册，账号已创建，请用刚才设置的密码登录。';
