// A small reader for the YAML subset that settings files use, so the package needs no YAML
// dependency. Supported:
//   - nested mappings by indentation (spaces only), `key: value` and `key:` opening a mapping;
//   - plain, 'single-quoted' ('' is a quote) and "double-quoted" (\" \\ \/ \n \r \t \uXXXX)
//     scalars, returned as strings; `~`, `null` and an empty value are null;
//   - `#` comments (whole line, or after a space outside quotes), blank lines, a leading `---`.
// Anything else — lists, flow `{}`/`[]`, anchors, tags, block scalars `|`/`>`, multi-line
// scalars, tabs, duplicate keys — is refused with an error naming the line, never misread.

const UNSUPPORTED_START = /^(?:[[\]{}&*!|>%@`]|-(?:\s|$)|\?\s)/;

// The line without its comment (quotes respected).
function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return line.slice(0, i);
    }
  }
  return line;
}

// A quoted scalar starting at s[0]: [value, rest after the closing quote].
function quoted(s, fail) {
  const q = s[0];
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (q === "'") {
      if (c === "'") {
        if (s[i + 1] === "'") { out += "'"; i++; continue; }
        return [out, s.slice(i + 1)];
      }
      out += c;
    } else {
      if (c === '"') return [out, s.slice(i + 1)];
      if (c !== '\\') { out += c; continue; }
      const e = s[++i];
      const simple = { '"': '"', '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t', 0: '\0' };
      if (e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
        i += 4;
      } else fail(`unsupported escape \\${e ?? ''} in a double-quoted string`);
    }
  }
  return fail('unterminated quoted string');
}

function scalar(raw, fail) {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s[0] === "'" || s[0] === '"') {
    const [value, rest] = quoted(s, fail);
    if (rest.trim() !== '') fail('unexpected text after a quoted string');
    return value;
  }
  if (UNSUPPORTED_START.test(s) || /:(?:\s|$)/.test(s)) {
    fail(`unsupported YAML value ${JSON.stringify(s)} (only strings and nested mappings are read; quote it)`);
  }
  return s;
}

// `key: value` → [key, value text]; `key:` → [key, ''].
function keyValue(content, fail) {
  let key, rest;
  if (content[0] === "'" || content[0] === '"') {
    [key, rest] = quoted(content, fail);
    rest = rest.replace(/^ +/, '');
    if (rest[0] !== ':') fail('expected `:` after the key');
    rest = rest.slice(1);
  } else {
    const m = /:(?:\s|$)/.exec(content);
    if (!m) fail('expected `key: value` (only nested mappings of strings are read)');
    key = content.slice(0, m.index).trimEnd();
    if (UNSUPPORTED_START.test(key) || key === '') fail(`unsupported YAML key ${JSON.stringify(key)}`);
    rest = content.slice(m.index + 1);
  }
  if (rest !== '' && !/^\s/.test(rest)) fail('expected a space after `:`');
  return [key, rest.trim()];
}

/** Parses `text` (the subset above) into nested objects of strings and nulls. */
export function parseYamlSubset(text, onError = (message) => new SyntaxError(message)) {
  const root = Object.create(null);
  const stack = [{ indent: null, map: root }];
  let pending = null; // a `key:` waiting to learn whether a nested mapping follows
  const lines = String(text).replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const fail = (why) => { throw onError(`line ${n + 1}: ${why}`); };
    const line = stripComment(lines[n]);
    if (line.trim() === '') continue;
    if (line.trimEnd() === '---') {
      if (pending === null && Object.keys(root).length === 0) continue;
      fail('only one YAML document is read');
    }
    if (line.trimEnd() === '...') break;
    const indent = /^ */.exec(line)[0].length;
    if (line[indent] === '\t') fail('tabs are not allowed for indentation');
    if (pending) {
      if (indent > pending.indent) {
        const map = Object.create(null);
        pending.map[pending.key] = map;
        stack.push({ indent, map });
      } else {
        pending.map[pending.key] = null;
      }
      pending = null;
    }
    while (stack.length > 1 && indent < stack[stack.length - 1].indent) stack.pop();
    const top = stack[stack.length - 1];
    if (top.indent === null) top.indent = indent;
    if (indent !== top.indent) fail('inconsistent indentation');
    const [key, value] = keyValue(line.slice(indent).trimEnd(), fail);
    if (Object.prototype.hasOwnProperty.call(top.map, key)) fail(`duplicate key ${JSON.stringify(key)}`);
    if (value === '') {
      top.map[key] = null;
      pending = { map: top.map, key, indent };
    } else {
      top.map[key] = scalar(value, fail);
    }
  }
  return root;
}
