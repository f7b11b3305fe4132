// The markdown table of one or more result files (bench/js/bench.mjs and bench/python/bench.py
// write them with --json), and the check against the targets of the issue.
//
//   node bench/js/report.mjs results/js.json results/python.json
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Peer → how many times faster ours should be (SAML Response validation).
export const TARGETS = { 'node-saml': 40, 'python3-saml': 25 };

const fmt = (us) => (us >= 100 ? us.toFixed(0) : us.toFixed(1));

export function table(results) {
  const docs = [...new Set(results.map((r) => r.doc))];
  const lines = [
    `| runtime | check | library | ${docs.map((d) => `${d} µs`).join(' | ')} | ${docs.map((d) => `ours faster, ${d}`).join(' | ')} |`,
    `|---|---|---|${docs.map(() => '---:').join('|')}|${docs.map(() => '---:').join('|')}|`,
  ];
  const groups = [...new Set(results.map((r) => `${r.runtime}\u0000${r.kind}`))];
  for (const g of groups) {
    const [runtime, kind] = g.split('\u0000');
    const rows = results.filter((r) => r.runtime === runtime && r.kind === kind);
    for (const lib of [...new Set(rows.map((r) => r.lib))]) {
      const cells = [], ratios = [];
      for (const doc of docs) {
        const theirs = rows.find((r) => r.lib === lib && r.doc === doc);
        const mine = rows.find((r) => r.ours && r.doc === doc);
        cells.push(fmt(theirs.us));
        ratios.push(theirs.ours ? '—' : `**${(theirs.us / mine.us).toFixed(1)}×**`);
      }
      lines.push(`| ${runtime} | ${kind} | ${lib} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

export function targets(results) {
  const out = [];
  for (const [peer, want] of Object.entries(TARGETS)) {
    const rows = results.filter((r) => r.lib.startsWith(peer + ' '));
    for (const theirs of rows) {
      const mine = results.find((r) => r.ours && r.runtime === theirs.runtime && r.kind === theirs.kind && r.doc === theirs.doc);
      const ratio = theirs.us / mine.us;
      out.push(`- ${theirs.runtime}, ${theirs.doc}: ${ratio.toFixed(1)}× faster than ${theirs.lib} (target ≥ ${want}×): ${ratio >= want ? 'met' : '**missed**'}`);
    }
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const results = files.flatMap((f) => f.results);
  console.log(`Machine: ${[...new Set(files.map((f) => f.machine))].join('; ')}\n`);
  console.log(table(results));
  console.log('\nTargets (SAML Response validation):\n' + targets(results));
}
