#!/usr/bin/env node
// The static steps of `npm test` in two lanes, one per core: tsc, ESLint and Prettier are each
// single-threaded, so run one after another they leave a core idle for about a minute and a half.
// Each step's output is printed when it ends, with its time; any failure fails the whole.
const { spawn } = require('node:child_process');

const LANES = [
  ['typecheck:node', 'lint'],
  ['typecheck:web', 'format:check', 'build'],
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const c = spawn(npm, ['run', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('close', (code) => {
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      process.stdout.write(`${out}${code === 0 ? '✓' : '✗'} ${script} (${s} s)\n`);
      resolve(code === 0);
    });
  });
}

async function lane(scripts) {
  let ok = true;
  for (const s of scripts) ok = (await run(s)) && ok;
  return ok;
}

Promise.all(LANES.map(lane)).then((oks) => process.exit(oks.every(Boolean) ? 0 : 1));
