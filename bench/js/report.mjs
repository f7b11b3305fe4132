// The markdown table of one or more result files (bench/js/bench.mjs and bench/python/bench.py
// write them with --json), the breakdown of our own call (the crossing), and the check against
// the targets of issue 13.
//
//   node bench/js/report.mjs results/js.json results/python.json
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fmt = (us) => (us >= 100 ? us.toFixed(0) : us.toFixed(1));
const mb = (kb) => (kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} KB`);

// The peak-memory cell of a 109 KB row: peak RSS above the warmed-up process, and in Python the
// peak of the Python heap (tracemalloc, which sees no native allocation).
const memoryCell = (r) => {
  const m = r?.memory;
  if (!m) return '';
  return m.py_heap_kb == null ? mb(m.rss_kb) : `${mb(m.rss_kb)} (heap ${mb(m.py_heap_kb)})`;
};

export function table(results) {
  const docs = [...new Set(results.map((r) => r.doc))];
  const last = docs[docs.length - 1];
  const withMemory = results.some((r) => r.memory);
  const lines = [
    `| runtime | check | library | ${docs.map((d) => `${d} µs`).join(' | ')} | ${docs.map((d) => `ours faster, ${d}`).join(' | ')} |${withMemory ? ` peak memory, ${last} |` : ''}`,
    `|---|---|---|${docs.map(() => '---:').join('|')}|${docs.map(() => '---:').join('|')}|${withMemory ? '---:|' : ''}`,
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
        cells.push(theirs ? fmt(theirs.us) : '');
        ratios.push(!theirs || !mine ? '' : theirs.ours ? '—' : `**${(theirs.us / mine.us).toFixed(1)}×**`);
      }
      const mem = withMemory ? ` ${memoryCell(rows.find((r) => r.lib === lib && r.doc === last))} |` : '';
      lines.push(`| ${runtime} | ${kind} | ${lib} | ${cells.join(' | ')} | ${ratios.join(' | ')} |${mem}`);
    }
  }
  return lines.join('\n');
}

// Ours, split: the native (or wasm) call, the host's JSON parse, the result objects, the rest.
export function crossingTable(files) {
  const rows = files.filter((f) => f.crossing).flatMap((f) => {
    const runtime = f.results[0]?.runtime ?? '';
    return f.crossing.flatMap((c) => c.parts.map((p) => ({ runtime, doc: c.doc, json: c.json_bytes, ...p })));
  });
  if (rows.length === 0) return '';
  const docs = [...new Set(rows.map((r) => r.doc))];
  const lines = [
    `| runtime | part of ours' SAML validation | ${docs.map((d) => `${d} µs`).join(' | ')} |`,
    `|---|---|${docs.map(() => '---:').join('|')}|`,
  ];
  for (const runtime of [...new Set(rows.map((r) => r.runtime))]) {
    const mine = rows.filter((r) => r.runtime === runtime);
    for (const part of [...new Set(mine.map((r) => r.part))]) {
      const cells = docs.map((d) => {
        const r = mine.find((x) => x.doc === d && x.part === part);
        return r ? fmt(r.us) : '';
      });
      lines.push(`| ${runtime} | ${part} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

const find = (results, pred) => results.find(pred);
const line = (what, value, want, ok) => `- ${what}: ${value} (target ${want}): ${ok ? 'met' : '**not met**'}`;

// The issue's targets, one line each (a target whose rows are missing says so).
export function targets(results) {
  const out = [];
  const docs = [...new Set(results.map((r) => r.doc))];
  const [small, big] = [docs[0], docs[docs.length - 1]];
  const ours = (runtime, kind, doc) => find(results, (r) => r.ours && r.runtime === runtime && r.kind === kind && r.doc === doc);
  const peer = (prefix, doc) => find(results, (r) => !r.ours && r.lib.startsWith(prefix) && r.doc === doc);
  const ratioTarget = (prefix, kind, doc, want, label) => {
    const theirs = peer(prefix, doc);
    if (!theirs) return out.push(`- ${label}: no ${prefix} result in this run`);
    const mine = ours(theirs.runtime, kind, doc);
    if (!mine) return out.push(`- ${label}: no result of ours in this run`);
    const ratio = theirs.us / mine.us;
    out.push(line(`${theirs.runtime}, ${doc}: ours (${kind}) vs ${theirs.lib}`, `${ratio.toFixed(1)}× faster`, want > 1 ? `≥ ${want}×` : 'faster', ratio >= want));
  };
  for (const doc of [small, big]) ratioTarget('node-saml', 'SAML Response', doc, 40, `npm vs node-saml, ${doc}`);
  ratioTarget('python3-saml', 'SAML Response', small, 25, `Python vs python3-saml, ${small}`);
  ratioTarget('python3-saml', 'SAML Response', big, 5, `Python vs python3-saml, ${big}`);
  // Our full SAML validation against python-xmlsec's signature check alone.
  for (const doc of [small, big]) ratioTarget('python-xmlsec', 'SAML Response', doc, 1, `Python vs python-xmlsec, ${doc}`);
  for (const runtime of [...new Set(results.filter((r) => r.ours).map((r) => r.runtime))]) {
    const a = ours(runtime, 'SAML Response', small), b = ours(runtime, 'SAML Response', big);
    if (!a || !b) continue;
    const growth = b.us / a.us;
    out.push(line(`${runtime}: growth of ours (SAML Response) ${big} / ${small}`, `${growth.toFixed(1)}×`, '≤ 10×', growth <= 10));
  }
  out.push('- Native Rust, 7.5 KB full validation ≤ ~75 µs: not measured here (Criterion: `cargo bench -p maestrano-bench --bench stages`)');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const results = files.flatMap((f) => f.results);
  const loads = files.map((f) => f.load_average).filter(Boolean).map((l) => l.map((x) => x.toFixed(1)).join(' '));
  console.log(`Machine: ${[...new Set(files.map((f) => f.machine))].join('; ')}` +
    (loads.length ? `; load average at the end: ${loads.join(' / ')}` : '') + '\n');
  console.log('CPU µs per validation (median round); peak memory: peak RSS above the warmed-up process over the 109 KB runs.\n');
  console.log(table(results));
  const cross = crossingTable(files);
  if (cross) console.log(`\nOurs, where a SAML validation goes (CPU µs, measured in alternation):\n\n${cross}`);
  console.log('\nTargets (issue 13):\n' + targets(results));
}
