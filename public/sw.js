/* The portal's service worker: shows web push notifications (lib/notify/push.ts sends
 * { title, body, url, tag }) and opens the link when one is clicked. Each push is also posted to the
 * open pages (type 'push'), so a page can show it (and the e2e test can see it arrive). */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let msg = { title: '铁路购票', body: '', url: '/notifications', tag: undefined };
  try {
    msg = { ...msg, ...event.data.json() };
  } catch {
    /* not JSON: the defaults */
  }
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(msg.title, { body: msg.body, tag: msg.tag, data: { url: msg.url } }),
      self.clients
        .matchAll({ type: 'window', includeUncontrolled: true })
        .then((clients) => clients.forEach((c) => c.postMessage({ type: 'push', ...msg }))),
    ]),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/notifications';
  event.waitUntil(self.clients.openWindow(url));
});
