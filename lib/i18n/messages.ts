import en from '@/messages/en';
import zh from '@/messages/zh';
import type { Locale } from './config';

export type Messages = typeof zh;

export const MESSAGES: Readonly<Record<Locale, Messages>> = { zh, en };
