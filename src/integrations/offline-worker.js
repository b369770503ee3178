// The service worker's source (src/integrations/offline.ts bundles it with Workbox's precaching
// module into dist/sw.js and puts the list of files where self.__WB_MANIFEST stands). It does
// what Workbox's generateSW wrote for Tandem's options, without generateSW's Babel and Terser
// passes, which cost every build about 1.5 s.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

// The new version waits until the trainee presses "Reload" (src/components/offline/offline.ts).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});
clientsClaim();
// Pages are folders (lessons/x/ → lessons/x/index.html); search/?q=… is the search page.
precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: 'index.html', ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
