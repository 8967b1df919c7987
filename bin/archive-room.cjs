#!/usr/bin/env node
// The CLI is TypeScript run through tsx (a runtime dependency), so `npm run cli` and the
// installed `archive-room` bin work from a fresh clone without a separate build step.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'electron', 'cli', 'index.ts');
const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
