import en from '@/messages/en';
import zh, { type Messages } from '@/messages/zh';
import type { Locale } from './config';

export type { Messages };

export const MESSAGES: Readonly<Record<Locale, Messages>> = { zh, en };
