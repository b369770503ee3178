// Starts Learning Locker's statement service (xapi-statements, installed in this folder) in this
// process, listening on 127.0.0.1 only: the service calls app.listen(port), which would listen on
// every interface, so listen() is given the loopback host before the service loads.
// Started by tests/lrs/lrs.ts with the environment the service reads (EXPRESS_PORT, MODELS_REPO…).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the old service it loads is CommonJS */
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' && (rest.length === 0 || typeof rest[0] === 'function')) {
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  return listen.call(this, port, ...rest);
};
require('xapi-statements/dist/server');
