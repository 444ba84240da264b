// Ways a register name or number is disguised so it still reads as itself (issue 13): invisible characters put
// inside it, letters swapped for look-alikes from other scripts or full-width forms, a right-to-left override
// around the reversed word, and numbers written with other separators. Shared by the unit properties and the
// tests that read back what each output actually holds.
import fc from 'fast-check'

export const INVISIBLES = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202a', '\u202c', '\u2066', '\u2069', '\u200e', '\u200f', '\u034f', '\ufe0f']
// Letters from other scripts drawn like Latin ones, and full-width and mathematical forms (NFKC folds those).
export const LOOK_ALIKES: Record<string, string[]> = {
  a: ['\u0430', '\uff41', '\u0251'], e: ['\u0435', '\uff45'], o: ['\u043e', '\u03bf', '\uff4f', '\ud835\udc28'], p: ['\u0440', '\uff50'],
  c: ['\u0441', '\uff43'], i: ['\u0456', '\uff49'], y: ['\u0443', '\uff59'], x: ['\u0445'], H: ['\u041d', '\u0397', '\uff28'],
  K: ['\u041a', '\u039a', '\uff2b'], P: ['\u0420', '\u03a1'], O: ['\u041e', '\u039f'], T: ['\u0422', '\u03a4'], l: ['\u217c', '\uff4c'],
  h: ['\u04bb', '\uff48'], k: ['\uff4b'], g: ['\uff47'], r: ['\uff52'], w: ['\uff57'], n: ['\uff4e'], j: ['\u0458'],
}

/** A name with invisible characters inserted and some letters swapped for look-alikes, driven by the choices. */
export function disguise(name: string, choices: number[]): string {
  let out = ''
  ;[...name].forEach((char, i) => {
    const choice = choices[i % choices.length] ?? 0
    const alikes = LOOK_ALIKES[char]
    out += alikes && choice % 3 === 0 ? alikes[choice % alikes.length] : char
    if (choice % 2 === 1 && i < name.length - 1) out += INVISIBLES[choice % INVISIBLES.length]
  })
  return out
}

/** Each word stored reversed inside a right-to-left override, so that it is displayed as written. */
export function reversedInOverride(name: string): string {
  return name.split(' ').map((word) => `\u202e${[...word].reverse().join('')}\u202c`).join(' ')
}

const SEPARATORS = ['.', '-', '/', ' ', '\u00a0', '\u2009', '  ']

/** The digits of a number with a separator of the choices' picking between some of them. */
export function separated(number: string, choices: number[]): string {
  const digits = number.replace(/\D/g, '')
  return [...digits].map((d, i) => {
    const choice = choices[i % choices.length] ?? 0
    return i < digits.length - 1 && choice % 2 === 0 ? `${d}${SEPARATORS[choice % SEPARATORS.length]}` : d
  }).join('')
}

/** Choices for disguise() and separated(). */
export const disguiseChoices = fc.array(fc.nat(40), { minLength: 1, maxLength: 12 })
