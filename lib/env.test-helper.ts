/**
 * A production configuration's own settings (issued-looking secrets, a real provider and gateway, the
 * public address), shared by the unit tests of lib/env.ts and the end-to-end test of `npm start`'s
 * production gate (scripts/start.int.test.ts). No NODE_ENV: each test says how production is declared.
 */
export const ISSUED_SETTINGS = {
  PROVIDER_BASE_URL: 'https://train.provider.example',
  PROVIDER_APP_KEY: 'issued-app-key',
  PROVIDER_SECRET_KEY: 'issued-secret-key-0123456789',
  PROVIDER_TRAIN_ACCOUNT: 'real-account',
  PROVIDER_TRAIN_PASSWORD: 'real-password-1',
  PAYMENT_GATEWAY: 'alipay',
  PAYMENT_SECRET_KEY: 'merchant-secret-0123456789',
  COURIER_BASE_URL: 'https://courier.example.com/api',
  COURIER_SECRET_KEY: 'issued-courier-secret-0123456789',
  NEXTAUTH_URL: 'https://tickets.example.com',
  JUHE_BASE_URL: 'http://op.juhe.cn/trainTickets',
  JUHE_APP_KEY: 'issued-juhe-key-0123',
  SMTP_URL: 'smtp://mailer:mail-password@smtp.example.com:587',
};

/**
 * The settings named as sandbox defaults to replace when a production configuration points at a real
 * provider and sets nothing else.
 */
export const SANDBOX_DEFAULTS_TO_REPLACE = [
  'PROVIDER_APP_KEY',
  'PROVIDER_SECRET_KEY',
  'PROVIDER_TRAIN_ACCOUNT',
  'JUHE_BASE_URL',
  'JUHE_APP_KEY',
  'PAYMENT_GATEWAY',
  'PAYMENT_SECRET_KEY',
  'COURIER_SECRET_KEY',
  'COURIER_BASE_URL',
  'NEXTAUTH_URL',
  'SMTP_URL',
];
