// The publication leak scan over a long report: a 300,000-character text against a 50-person register, and the
// pseudonymiser over the same text. The raw yardstick is what a bare scan needs for names alone: one
// case-insensitive regular expression of every register name and address, with word boundaries, run over the
// same text (no identifiers, no possessives, no overlap choice).
import { performance } from 'node:perf_hooks'
import { compileRegister, scan } from '../methodology/redaction/leak-scan.js'
import { nameParts, addressForms } from '../methodology/redaction/register-forms.js'
import { pseudonymise } from '../methodology/redaction/pseudonymise.js'
import type { RegisterPerson } from '../methodology/redaction/person-register.js'

const RUNS = 9

const register: RegisterPerson[] = [
  { realName: 'Ruby Calder', role: null, pseudonym: 'Child R', dateOfBirth: '2018-09-21', nhsNumber: '999 945 8076', address: '7 Heron Way, Millbridge', postcode: 'ZZ99 1RD', phone: null },
  { realName: 'Shannon Calder', role: null, pseudonym: 'Mother', dateOfBirth: '1996-03-05', nhsNumber: '999 302 1571', address: '7 Heron Way, Millbridge', postcode: 'ZZ99 1RD', phone: '07700 900118' },
]
for (let i = 0; register.length < 50; i++) {
  register.push({
    realName: `Given${String.fromCharCode(97 + (i % 26))}${i} Family${i}`, role: null, pseudonym: `Person ${i}`,
    dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, nhsNumber: null,
    address: `${i + 1} Long Street, Townby`, postcode: null, phone: null,
  })
}
const paragraph =
  'The health visitor saw the child at home on 03/02/2020 and noted the weight. Mother said the partner was ' +
  'not living there. The social worker discussed the case in supervision and agreed a plan with the team. '
let text = ''
for (let i = 0; text.length < 300_000; i++) text += i % 50 === 0 ? `${paragraph}Shannon Calder, 07700 900118. ` : paragraph

function median(fn: () => unknown): number {
  fn()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return [...samples].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const phrases = register.flatMap((p) => {
  const { givenNames, surname } = nameParts(p.realName)
  return [p.realName, ...givenNames, ...(surname ? [surname] : []), ...(p.address ? addressForms(p.address) : [])]
})
const raw = new RegExp(`\\b(?:${[...new Set(phrases)].sort((a, b) => b.length - a.length).map(escape).join('|')})\\b`, 'giu')

const compiled = compileRegister(register)
const leaks = scan(text, compiled).length
const ours = median(() => scan(text, compiled))
const bare = median(() => [...text.matchAll(raw)].length)
const replaced = median(() => pseudonymise(text, register))

console.log(`A ${text.length.toLocaleString('en-GB')}-character text, ${register.length}-person register, ${leaks} leaks; median of ${RUNS} runs after a warm-up.`)
console.log('')
console.log('| step | median ms |')
console.log('| --- | ---: |')
console.log(`| leak scan (register compiled once) | ${ours.toFixed(0)} |`)
console.log(`| raw: one regular expression of every name and address form | ${bare.toFixed(0)} |`)
console.log(`| ratio scan / raw | ${(ours / Math.max(bare, 0.01)).toFixed(2)}× |`)
console.log(`| pseudonymise (scan and replace, repeated until clean) | ${replaced.toFixed(0)} |`)
