const root = process.argv[2]
const { pseudonymise } = await import(`${root}/methodology/redaction/pseudonymise.ts`)
const reg = Array.from({ length: 30 }, (_, i) => ({ realName: `Given${i} Surname${i}`, role: null, pseudonym: `P${i}`, dateOfBirth: '1995-03-12', nhsNumber: '943 476 5919', address: `${i} Mill Road, Exton`, postcode: 'ZZ99 4QT', phone: '07700 900412' }))
const texts = Array.from({ length: 20000 }, (_, i) => `On 12/03/2019 at 10:${i % 60} Given${i % 40} visited 14 Mill Road with the health visitor; plan agreed for ${i} days and a review.`)
pseudonymise(texts[0], reg)
for (let r = 0; r < 2; r++) {
const t = performance.now()
for (const x of texts) pseudonymise(x, reg)
console.log(root, Math.round(performance.now() - t), 'ms')
}
