/** Juhe behind the provider port (in progress: the adapter is being written). */
import { ProviderError } from '../../errors';
import type { TicketProvider } from '../../port';
import type { JuheConfig } from './config';

export function createJuheProvider(_config: JuheConfig): TicketProvider {
  const unsupported = () =>
    Promise.reject(new ProviderError({ kind: 'business', message: '聚合数据适配器尚未完成', endpoint: null }));
  return {
    id: 'juhe',
    label: '聚合数据',
    capabilities: {
      change: false,
      changeElsewhere: null,
      seatChoice: true,
      berthChoice: false,
      maxPassengers: 5,
      trainAccount: false,
      standingByDefault: true,
      stops: false,
      balance: true,
      confirmChecksAmount: false,
    },
    idempotent: new Set(),
    callbackAck: 'success',
    callbackKinds: ['submit', 'pay', 'refund'],
    search: unsupported,
    stops: unsupported,
    hold: unsupported,
    confirm: unsupported,
    cancel: unsupported,
    detail: unsupported,
    refundTicket: unsupported,
    applyChange: unsupported,
    confirmChange: unsupported,
    cancelChange: unsupported,
    balance: unsupported,
    readCallback: () => ({ ok: false, reason: 'invalid', message: 'not implemented' }),
    accounts: null,
  };
}
