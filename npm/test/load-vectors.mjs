// Loads every vector file under tests/vectors and MAESTRANO_EXTRA_VECTORS (colon-separated).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function walk(dir, out) {
  let names;
  try { names = readdirSync(dir).sort(); } catch { return; }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.json')) out.push(p);
  }
}

/** `{vectors, broken}`: parsed vectors, and messages for files that are not JSON. */
export function loadVectors() {
  const roots = [join(here, '..', '..', 'tests', 'vectors'),
    ...(process.env.MAESTRANO_EXTRA_VECTORS ?? '').split(':').filter(Boolean)];
  const files = [];
  for (const r of roots) walk(r, files);
  const vectors = [], broken = [];
  for (const f of files) {
    try {
      const parsed = JSON.parse(readFileSync(f, 'utf8'));
      vectors.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    } catch (e) {
      broken.push(`FAIL ${f}: not JSON: ${e.message}`);
    }
  }
  return { vectors, broken };
}

/** Prints the docs/spec.md §8 report and sets the exit code. */
export function report(runner, { passed, failed, skipped, failures }, broken = []) {
  for (const line of [...broken, ...failures]) console.log(line);
  const total = failed + broken.length;
  console.log(`${runner}: ${passed} passed, ${total} failed, ${skipped} skipped`);
  if (total > 0) process.exitCode = 1;
}
