#!/usr/bin/env node
// The CLI is built by electron-vite beside the app (out/main/cli.js): plain Node runs it, no
// TypeScript loader at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(entry)) {
  console.error('未找到已构建的命令行程序，请先运行 npm run build / The CLI is not built yet: run `npm run build` first.');
  process.exit(69);
}
require(entry).main();
