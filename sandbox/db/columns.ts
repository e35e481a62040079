/**
 * Column sets shared by the sandbox tables (sandbox/db/*.schema.ts). Spreading one keeps the SQL as it
 * was: drizzle-kit sees the same columns, names and defaults (`npx drizzle-kit generate --config
 * sandbox/drizzle.config.ts` finds nothing to migrate).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** A timestamp with time zone. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true });

/** Money: integer fen, read as a JS number. */
export const fen = (name: string) => bigint(name, { mode: 'number' });

/** The train leg booked: an order's, and the new one of a change order (改签单). */
export const legColumns = {
  trainCode: text('train_code').notNull(),
  trainNo: text('train_no').notNull(),
  runKey: text('run_key').notNull(),
  fromIdx: smallint('from_idx').notNull(),
  toIdx: smallint('to_idx').notNull(),
  fromStation: text('from_station').notNull(),
  toStation: text('to_station').notNull(),
  departAt: tstz('depart_at').notNull(),
  arriveAt: tstz('arrive_at').notNull(),
  seatType: smallint('seat_type').notNull(),
  chooseSeats: text('choose_seats'),
  chooseSleeper: text('choose_sleeper'),
  acceptStanding: boolean('accept_standing').notNull().default(false),
};

/** The seat a ticket (or a change ticket) was issued with. */
export const issuedSeatColumns = {
  seatType: smallint('seat_type').notNull(),
  seatNo: text('seat_no'),
  ticketNo: text('ticket_no'),
  priceFen: fen('price_fen'),
};

/**
 * An outgoing delivery with its attempts (real time): provider callbacks and gateway notifications.
 * status: pending | delivered | failed | dropped; a claimed delivery pushes next_at ahead as a lease.
 */
export const deliveryColumns = {
  status: text('status').notNull().default('pending'),
  attempts: smallint('attempts').notNull().default(0),
  nextAt: tstz('next_at')
    .notNull()
    .default(sql`now()`),
  /** HTTP status of the last attempt (null: no answer). */
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  createdAt: tstz('created_at')
    .notNull()
    .default(sql`now()`),
  deliveredAt: tstz('delivered_at'),
};
