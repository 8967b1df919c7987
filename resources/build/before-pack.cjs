// electron-builder beforePack hook: refuse to package a test-capable build. `npm run build` (and
// vitest) keep the KDF test switch (electron/vault/kdf.ts); only `electron-vite build --mode
// release` (npm run dist) compiles it out, and with it the switch variable's name.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const SWITCH_NAME = 'ARCHIVE_ROOM_TEST_KDF';

/** Built JavaScript files under `dir` that still mention the test switch. */
function filesWithTestSwitch(dir) {
  const hits = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(c|m)?js$/.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    if (readFileSync(path, 'utf8').includes(SWITCH_NAME)) hits.push(path);
  }
  return hits;
}

function assertReleaseBuild(outDir) {
  const hits = filesWithTestSwitch(outDir);
  if (hits.length) {
    throw new Error(`out/ is a test build (${hits.join(', ')} can read ${SWITCH_NAME}); build with \`npm run dist\` (electron-vite build --mode release).`);
  }
}

module.exports = async function beforePack(context) {
  assertReleaseBuild(join(context.packager.projectDir, 'out'));
};
module.exports.assertReleaseBuild = assertReleaseBuild;
module.exports.SWITCH_NAME = SWITCH_NAME;
