// Node vector runner: `node: N passed, N failed, N skipped`.
import * as api from '../dist/node.mjs';
import { loadVectors, report } from './load-vectors.mjs';
import { runVectors } from './vectors-core.mjs';

const { vectors, broken } = loadVectors();
report('node', await runVectors(api, vectors), broken);
