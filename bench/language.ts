// The hindsight and blame language check on a 100,000-character report (target: under 2 s), beside the bare
// regular-expression work it cannot avoid: every rule's pattern run over the same text, without the context
// checks that tell a judgement from reported speech, procedure or a clinical term.
// Prints a Markdown table; exits non-zero if a target is missed.
import { checkLanguage } from '../methodology/language/language-check.js'
import { LANGUAGE_RULES } from '../methodology/language/language-rules.js'
import { MUST_FLAG, MUST_NOT_FLAG } from '../tests/unit/methodology/language/corpus.js'
import { medianTime } from './_timing.js'

const paragraph = [...MUST_FLAG.map((e) => e.text), ...MUST_NOT_FLAG.map((e) => e.text)].join(' ')
const text = Array.from({ length: Math.ceil(100_000 / paragraph.length) }, () => paragraph).join('\n\n')
let issues = 0
const ours = medianTime(5, () => (issues = checkLanguage(text).length))
const raw = medianTime(5, () => LANGUAGE_RULES.reduce((n, rule) => n + [...text.matchAll(rule.pattern)].length, 0))
const met = ours < 2000

console.log('| Measure | Casework Lens | Raw | Ratio | Target | |')
console.log('| --- | --- | --- | --- | --- | --- |')
console.log(
  `| Language check, ${text.length.toLocaleString('en-GB')} characters (${issues} issues) | ${ours.toFixed(0)} ms | ` +
    `${raw.toFixed(0)} ms (every rule’s regular expression alone) | ${(ours / raw).toFixed(2)}× | under 2 s | ${met ? 'met' : 'MISSED'} |`,
)
if (!met) process.exit(1)
