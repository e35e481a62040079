/** The English messages: the same namespaces and keys as messages/zh (lib/i18n/messages.test.ts). */
import type { Messages } from '../zh';
import common from './common.json';
import nav from './nav.json';
import admin from './admin.json';
import orders from './orders.json';
import booking from './booking.json';
import delivery from './delivery.json';
import passengers from './passengers.json';
import auth from './auth.json';
import search from './search.json';
import home from './home.json';
import ui from './ui.json';
import agency from './agency.json';
import grab from './grab.json';
import trips from './trips.json';
import notify from './notify.json';
import layout from './layout.json';
import pages from './pages.json';
import emails from './emails.json';
import api from './api.json';

const en: Messages = {
  common,
  nav,
  admin,
  orders,
  booking,
  delivery,
  passengers,
  auth,
  search,
  home,
  ui,
  agency,
  grab,
  trips,
  notify,
  layout,
  pages,
  emails,
  api,
};
export default en;
