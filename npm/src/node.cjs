// Node entry point (require). The wasm core loads synchronously from the package folder.
'use strict';
const native = require('../wasm/node/maestrano_wasm.js');
const { create } = require('./api.cjs');

module.exports = create(native, { lang: 'javascript', langVersion: `node ${process.version}` });
