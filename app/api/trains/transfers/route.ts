import { clientAddress } from '@/lib/auth/throttle';
import { route } from '@/lib/http';
import { transferQuery, transfersFor } from '@/lib/search/transfers-api';

// 中转方案 for the results page (lib/search/transfers.ts), limited per address.
export const GET = route({ roles: 'public', input: transferQuery }, async (req, { input }) =>
  transfersFor(input, clientAddress(req.headers)),
);
