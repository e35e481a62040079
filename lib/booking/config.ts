/** Portal-side booking settings (the rules themselves live in lib/domain/rules.ts). */
export { PRESALE_DAYS } from '@/lib/domain/rules';
