/**
 * Column sets and helpers shared by the portal's tables (db/schema.ts). Spreading one keeps the SQL as
 * it was: drizzle-kit sees the same columns, names and defaults (`npx drizzle-kit generate` finds
 * nothing to migrate). The helpers are generic in the column name so the inferred types stay the same.
 */
import { type AnyPgColumn, bigint, jsonb, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A timestamp with time zone. */
export const tstz = <TName extends string>(name: TName) => timestamp(name, { withTimezone: true });

/** Money: integer fen, read as a JS number. */
export const fen = <TName extends string>(name: TName) => bigint(name, { mode: 'number' });

/** Money that starts at zero: a balance or a running sum, integer fen. */
export const fenZero = <TName extends string>(name: TName) => fen(name).notNull().default(0);

/** The row's own id: a random uuid. */
export const uuidPk = () => uuid('id').primaryKey().defaultRandom();

/** The owning row's id: NOT NULL, and the row is deleted with its owner (ON DELETE CASCADE). */
export const cascadeRef = <TName extends string>(name: TName, ref: () => AnyPgColumn) =>
  uuid(name).notNull().references(ref, { onDelete: 'cascade' });

/** When the row was made. */
export const createdAt = () => tstz('created_at').notNull().defaultNow();

/** created_at and updated_at, both set to now() on insert. */
export const timestamps = {
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
};

/** The train leg of an order, of the new one of a change order (改签单) and of a grab alternate. */
export const legColumns = {
  trainCode: text('train_code').notNull(),
  fromStation: text('from_station').notNull(),
  toStation: text('to_station').notNull(),
  departureAt: tstz('departure_at').notNull(),
  arrivalAt: tstz('arrival_at'),
};

/**
 * A passenger's ticket type and document details, kept alike by saved_passengers and
 * customer_passengers (lib/domain/passenger.ts decides which are needed). `mobile` is ciphertext.
 */
export const passengerDetailColumns = {
  /** 1 adult, 2 child, 3 student, 4 disabled military/police. */
  ticketType: smallint('ticket_type').notNull().default(1),
  /** Ciphertext of the mobile number. */
  mobile: text('mobile'),
  mobileMasked: text('mobile_masked'),
  birthday: text('birthday'),
  /** 1 male, 2 female. */
  sex: smallint('sex'),
  countryCode: text('country_code'),
  cardValidUntil: text('card_valid_until'),
  /** Student details (school, student number, enrolment year) for student tickets. */
  student: jsonb('student'),
};

/** The tail of a status-history row (order_events, grab_events): who moved it, from where, when. */
export const eventColumns = {
  source: text('source').notNull(),
  /** Who: a user id, 'provider', 'worker' or 'gateway'. */
  actor: text('actor'),
  note: text('note'),
  at: tstz('at').notNull().defaultNow(),
};
