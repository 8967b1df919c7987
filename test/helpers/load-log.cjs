// Preloaded (NODE_OPTIONS=--require) into a CLI child by cli-lazy-load.test.ts: appends the file of
// every module the child loads, one per line, to $ARCHIVE_ROOM_TEST_LOAD_LOG.
'use strict';
const Module = require('node:module');
const fs = require('node:fs');

const log = process.env.ARCHIVE_ROOM_TEST_LOAD_LOG;
if (log) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    let file = request;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Left to the real loader to report.
    }
    fs.appendFileSync(log, `${file}\n`);
    return load.apply(this, arguments);
  };
}
