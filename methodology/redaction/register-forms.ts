// How a register entry can appear in text: the parts of a name and the shorter forms of an address.

import { fold } from './text-tokens.js'

export interface NameParts {
  /** First and middle names. */
  givenNames: string[]
  /** Last name, with particles such as "van der" kept with it; null for a one-word name. */
  surname: string | null
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd'])
const SURNAME_PARTICLES = new Set([
  'van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'la', 'le', 'del', 'della', 'dos', 'das', 'ter', 'ten', 'al', 'el', 'bin', 'ap',
])

export function nameParts(realName: string): NameParts {
  const words = realName.trim().split(/\s+/).filter((w) => /[\p{L}]/u.test(w))
  while (words.length > 1 && TITLES.has(fold(words[0] ?? '').replace(/\.$/, ''))) words.shift()
  if (words.length === 0) return { givenNames: [], surname: null }
  if (words.length === 1) return { givenNames: words, surname: null }
  let surnameStart = words.length - 1
  while (surnameStart > 1 && SURNAME_PARTICLES.has(fold(words[surnameStart - 1] ?? ''))) surnameStart--
  return { givenNames: words.slice(0, surnameStart), surname: words.slice(surnameStart).join(' ') }
}

/**
 * The forms of an address worth finding on their own: the whole address, the address without its town
 * ("Flat 3, 27 Mill Lane"), each numbered line ("27 Mill Lane") and that street without its number ("Mill Lane").
 * A town alone is not identifying and is left out.
 */
export function addressForms(address: string): string[] {
  const lines = address.split(/\s*[,\n]\s*/).map((l) => l.trim()).filter((l) => l !== '')
  const forms = new Set<string>()
  if (lines.length === 0) return []
  forms.add(lines.join(', '))
  if (lines.length >= 2) forms.add(lines.slice(0, -1).join(', '))
  for (const line of lines) {
    const numbered = /^(?:no\.?\s*)?\d+[a-z]?\s+(.+)$/i.exec(line)
    if (!numbered) continue
    forms.add(line)
    const street = numbered[1] ?? ''
    if (street.split(/\s+/).length >= 2) forms.add(street)
  }
  return [...forms]
}

// Street words and their usual short forms, each to one form: "Road" and "Rd" compare equal in an address.
const STREET_WORDS = new Map<string, string>(Object.entries({
  street: 'st', saint: 'st', road: 'rd', avenue: 'ave', av: 'ave', crescent: 'cres', cresc: 'cres', court: 'ct', drive: 'dr',
  lane: 'ln', place: 'pl', square: 'sq', gardens: 'gdns', gdn: 'gdns', garden: 'gdns', terrace: 'terr', ter: 'terr', tce: 'terr',
  close: 'cl', grove: 'gr', gro: 'gr', park: 'pk', parade: 'pde', boulevard: 'blvd', walk: 'wlk', green: 'grn', mount: 'mt',
  heights: 'hts', highway: 'hwy', estate: 'est', approach: 'app', crossing: 'xing', cottages: 'cotts', house: 'ho', north: 'n',
  south: 's', east: 'e', west: 'w', upper: 'upr', lower: 'lwr', flat: 'flt', apartment: 'apt',
}))

/** One form for a folded street word and its abbreviation ("road" and "rd" both "rd"); other words as they are. */
export function streetWordForm(word: string): string {
  return STREET_WORDS.get(word) ?? word
}
