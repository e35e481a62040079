import type { Locale } from './config';
import type { Messages } from './messages';

// Message keys are checked by the compiler: `t('common.siteName')` with a key that messages/zh does
// not have is a type error (next-intl's AppConfig augmentation).
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
