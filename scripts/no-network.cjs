// Preloaded (node --require) into third-party tools the tests run: their HTTP client `got` fails at once, so
// a tool that would look something up online neither waits on a closed network nor crashes on its retries.
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithoutNetwork(request, ...rest) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline: no network in this environment'));
    offline.get = offline;
    offline.extend = () => offline;
    return Object.assign(offline, { default: offline });
  }
  return load.call(this, request, ...rest);
};
