// The hindsight and blame language check: (1) how well it does on three labelled sets: the development set the
// rules were tuned against, the held-out set written before the rules were widened, and a fresh set written after
// them and never tuned against (see BENCHMARKS.md for how far each figure can be trusted);
// (2) its speed on a 100,000-character report (target: under 2 s), beside the bare regular-expression work it
// cannot avoid: every rule's pattern run over the same text, without the context checks that tell a judgement
// from reported speech, procedure or a clinical term.
// Prints Markdown tables; exits non-zero if a target is missed.
import { checkLanguage, ALL_LANGUAGE_RULES } from '../methodology/language/language-check.js'
import { MUST_FLAG, MUST_NOT_FLAG } from '../tests/unit/methodology/language/corpus.js'
import { loadSet, score } from './_language-evaluation.js'
import { medianTime } from './_timing.js'

const RECALL_TARGET = 0.9
const FALSE_FLAG_TARGET = 0.05
const percent = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)} %`

let allMet = true
console.log('| Evaluation set | To flag | Found (recall) | Right category | To leave | Falsely flagged | Target | |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
const sets = [
  ['development (`bench/language-evaluation/development.json`, tuned against)', 'development.json'],
  ['held-out (`bench/language-evaluation/held-out.json`, written before the rules were widened)', 'held-out.json'],
  ['fresh (`bench/language-evaluation/fresh.json`, written after the rules, scored once and not tuned against)', 'fresh.json'],
  ['second author (`bench/language-evaluation/second-author.json`, written by someone who had not read the rules)', 'second-author.json'],
] as const
const details: string[] = []
for (const [label, file] of sets) {
  const s = score(loadSet(new URL(`./language-evaluation/${file}`, import.meta.url)))
  const met = s.found / s.toFlag >= RECALL_TARGET && s.falselyFlagged / s.toLeave <= FALSE_FLAG_TARGET
  allMet &&= met
  console.log(
    `| ${label} | ${s.toFlag} | ${s.found} (${percent(s.found, s.toFlag)}) | ${s.rightCategory} (${percent(s.rightCategory, s.toFlag)}) | ` +
      `${s.toLeave} | ${s.falselyFlagged} (${percent(s.falselyFlagged, s.toLeave)}) | recall ≥ 90 %, false flags ≤ 5 % | ${met ? 'met' : 'MISSED'} |`,
  )
  for (const m of s.misses) details.push(`- ${file}: missed (${m.expect}): ${m.text}`)
  for (const f of s.falseFlags) details.push(`- ${file}: falsely flagged (${f.flagged.join('; ')}): ${f.text}`)
}
if (details.length > 0) console.log(['', ...details].join('\n'))
console.log('')

const paragraph = [...MUST_FLAG.map((e) => e.text), ...MUST_NOT_FLAG.map((e) => e.text)].join(' ')
const text = Array.from({ length: Math.ceil(100_000 / paragraph.length) }, () => paragraph).join('\n\n')
let issues = 0
const ours = medianTime(5, () => (issues = checkLanguage(text).length))
const raw = medianTime(5, () => ALL_LANGUAGE_RULES.reduce((n, rule) => n + [...text.matchAll(rule.pattern)].length, 0))
const fast = ours < 2000
allMet &&= fast

console.log('| Measure | Casework Lens | Raw | Ratio | Target | |')
console.log('| --- | --- | --- | --- | --- | --- |')
console.log(
  `| Language check, ${text.length.toLocaleString('en-GB')} characters (${issues} issues) | ${ours.toFixed(0)} ms | ` +
    `${raw.toFixed(0)} ms (every rule’s regular expression alone) | ${(ours / raw).toFixed(2)}× | under 2 s | ${fast ? 'met' : 'MISSED'} |`,
)
if (!allMet) process.exit(1)
