/**
 * The sandbox's second wire front: the Juhe 火车订票 API (data id 173, juhe-train-api.md) over the same
 * engine, inventory, clock and faults as the Panhe front. See ../README.md "Juhe front".
 *
 * | file | what |
 * | --- | --- |
 * | routes.ts | the endpoints under /trainTickets (hono), fault injection, envelope |
 * | wire.ts | request parsing (zod): fields, `passengers`, `tickets`, choose_seats |
 * | codes.ts | error codes, piaotype / passporttypeseid / zwcode ↔ engine codes, seat prefixes, amounts |
 * | order.ts | the Order object (§13) and status (§15) from the engine's rows |
 * | pushes.ts | setPush URLs, engine events → Juhe callbacks (form field `data`), the reject job |
 */
export { juheRoutes, type JuheDeps } from './routes';
export { juheNotifier, rejectJob } from './pushes';
export { pushSign } from './order';
export { JUHE } from './codes';
