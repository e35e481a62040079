/**
 * English for the texts the portal's server code writes in Chinese (lib/: errors, rule refusals,
 * labels of states and seat classes, provider messages), keyed by the Chinese text itself — the way
 * gettext keys by the source text — because Chinese stays the source of truth for rule texts.
 * `{name}` in a key matches any text there; the English puts it back (lib/i18n/texts.ts).
 * One file per area of lib/, so two changes to different areas never touch one file.
 */
import common from './common.json';
import domain from './domain.json';
import orders from './orders.json';
import provider from './provider.json';
import delivery from './delivery.json';
import reconcile from './reconcile.json';
import grab from './grab.json';
import search from './search.json';
import agency from './agency.json';
import trips from './trips.json';
import train_account from './train-account.json';
import passengers from './passengers.json';
import auth from './auth.json';
import users from './users.json';
import admin from './admin.json';
import jobs from './jobs.json';
import transfers from './transfers.json';
import stations from './stations.json';
import payments from './payments.json';
import notify from './notify.json';

// Later files win on a repeated key (a unit test forbids repeats).
const texts: Readonly<Record<string, string>> = {
  ...common,
  ...domain,
  ...orders,
  ...provider,
  ...delivery,
  ...reconcile,
  ...grab,
  ...search,
  ...agency,
  ...trips,
  ...train_account,
  ...passengers,
  ...auth,
  ...users,
  ...admin,
  ...jobs,
  ...transfers,
  ...stations,
  ...payments,
  ...notify,
};
export default texts;
