// Node entry point (require). The wasm core loads synchronously from the package folder.
'use strict';
const native = require('../wasm/node/maestrano_wasm.js');
const { create } = require('./api.cjs');

module.exports = create(native, {
  lang: 'javascript',
  langVersion: `node ${process.version}`,
  // Settings files (devPlatformSettings({ file })) are read only here: Workers have no files.
  readFile: (path) => require('node:fs').readFileSync(path, 'utf8'),
});
