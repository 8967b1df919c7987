// Preloaded (NODE_OPTIONS=--require, set by vitest.config.mts) into the Node processes tests start:
// the built CLI, the web host (out/) and the fault-test children (out-test/). Each of them compiles
// the same ≈10 MB of bundled JavaScript before it does anything (≈0.2 s of CPU per child, ≈200 children a
// run). V8's code cache keeps the compiled code between processes: the first child of a run that
// exits normally stores it (a child killed mid-run stores nothing), later children load it. What
// runs is unchanged — the same files, compiled by the same V8, which checks the cache against the
// source and the flags and discards a mismatch (then the file compiles as usual). Node 22 has this
// built in (module.enableCompileCache); the project's Node 20 does not. Only files under this
// checkout's out/ and out-test/ are cached.
'use strict';
const Module = require('node:module');
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const dir = process.env.ARCHIVE_ROOM_TEST_CODE_CACHE;
const root = path.resolve(__dirname, '..', '..');
const cached = [path.join(root, 'out') + path.sep, path.join(root, 'out-test') + path.sep];

if (dir && fs.existsSync(dir)) {
  const compile = Module.prototype._compile;
  const toStore = [];
  Module.prototype._compile = function (content, filename) {
    if (!cached.some((p) => filename.startsWith(p))) return compile.call(this, content, filename);
    const file = path.join(dir, crypto.createHash('sha256').update(filename).update('\0').update(content).digest('hex'));
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      // An import() in the file loads as it would without the cache (Node prints an ExperimentalWarning
      // then; out/ and out-test/ have none: their builds bundle what they import, lazily as require()).
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected) toStore.push({ script, file });
    const mod = this;
    // The require a CommonJS module gets (what Node's own loader builds for it).
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  // After the run: the cache then holds every function the process compiled, not only the top level.
  process.once('exit', () => {
    for (const { script, file } of toStore) {
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
      } catch {
        // A cache that cannot be written only costs the next child its head start.
      }
    }
  });
}
