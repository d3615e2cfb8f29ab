// Hypothesis's quote anchoring, as in the Hypothesis client (src/annotator/anchoring/
// match-quote.ts): approx-string-match finds candidates with up to min(256, len/2) errors,
// each scored with the weights quote 50, prefix 20, suffix 20, position 2, and the best one
// is taken. There is no minimum score. Offsets are converted from UTF-16 units to chars.
//
// Input (argv[2]): JSON [{old, new, start, end, quote, prefix, suffix}] in char offsets.
// Output (stdout): JSON [[start, end] | null] in char offsets, and the matching time in ms.
import { readFileSync } from 'node:fs';
import search from 'approx-string-match';

function textMatchScore(text, str) {
  if (str.length === 0 || text.length === 0) return 0.0;
  const matches = searchAll(text, str, str.length);
  return 1 - matches[0].errors / str.length;
}

function searchAll(text, str, maxErrors) {
  let matchPos = 0;
  const exact = [];
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) {
      exact.push({ start: matchPos, end: matchPos + str.length, errors: 0 });
      matchPos += 1;
    }
  }
  if (exact.length > 0) return exact;
  return search(text, str, maxErrors);
}

function matchQuote(text, quote, context) {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = searchAll(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const score = (m) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix
      ? textMatchScore(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix)
      : 1.0;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(m.end, m.end + context.suffix.length), context.suffix)
      : 1.0;
    let posScore = 1.0;
    if (typeof context.hint === 'number') {
      posScore = 1.0 - Math.abs(m.start - context.hint) / text.length;
    }
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
  };
  let best = null;
  for (const m of matches) {
    const s = score(m);
    if (best === null || s > best.score) best = { start: m.start, end: m.end, score: s };
  }
  return best;
}

// char offset → UTF-16 offset, and back.
const toUnits = (text, chars) => {
  let units = 0;
  let i = 0;
  for (const ch of text) {
    if (i === chars) break;
    units += ch.length;
    i += 1;
  }
  return units;
};
const toChars = (text, units) => Array.from(text.slice(0, units)).length;

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const started = process.hrtime.bigint();
const out = cases.map((c) => {
  const hint = toUnits(c.old, c.start);
  const m = matchQuote(c.new, c.quote, { prefix: c.prefix, suffix: c.suffix, hint });
  return m === null ? null : [toChars(c.new, m.start), toChars(c.new, m.end)];
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ placements: out, ms }));
