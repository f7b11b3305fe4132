// Node entry point (require). The wasm core loads synchronously from the package folder.
'use strict';
const native = require('../wasm/node/maestrano_wasm.js');
const { create } = require('./api.cjs');

const api = create(native, {
  lang: 'javascript',
  // Bun runs this entry too (the `bun` condition) and reports a Node version of its own.
  langVersion: process.versions.bun ? `bun ${process.versions.bun}` : `node ${process.version}`,
  // Settings files (devPlatformSettings({ file })) are read only here: Workers have no files.
  readFile: (path) => require('node:fs').readFileSync(path, 'utf8'),
});
// The core is loaded synchronously above; `init` exists so code written for the portable entry
// (`await init(wasm)`) runs here unchanged. Its argument is ignored.
api.init = () => Promise.resolve();
module.exports = api;
