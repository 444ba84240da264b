// Real identities are for the lead reviewer and review team only: the chronology (page, event page, export and
// API) shows the case group pseudonyms, and lets reviewers choose pseudonyms too.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir, readDemoExpected } from '../../../server/demo/case/demo-case.js'
import { TEST_PASSWORD } from '../../support/test-app.js'
import { updateUser, findUserByEmail } from '../../../server/data/users.js'
import { hashPassword } from '../../../server/services/passwords.js'
import { normaliseForMatching } from '../../../methodology/redaction/normalise-text.js'
import { fold } from '../../../methodology/redaction/text-tokens.js'
import { strFromU8, unzipSync } from 'fflate'
import fc from 'fast-check'
import { disguise, disguiseChoices, reversedInOverride, separated } from '../../support/disguised-names.js'

let t: TestApp
let reviewId: string
// Every surname and full name in the demo register, as the agency records write them (any case).
const names = readDemoExpected().identifiers.names
const containsAName = (text: string) => names.some((n) => new RegExp(`\\b${n}\\b`, 'i').test(text))

async function agentFor(email: string) {
  const user = (await findUserByEmail(t.db, email))!
  await updateUser(t.db, user.id, { password_hash: await hashPassword(TEST_PASSWORD, 10) })
  return signIn(t.app, email)
}

beforeAll(async () => {
  t = await createTestApp()
  await addUser(t, 'admin')
  ;({ reviewId } = await seedDemo(t.ctx))
  expect(fs.existsSync(path.join(demoCaseDir, 'persons.csv'))).toBe(true)
}, 120_000)
afterAll(async () => { await t?.close() })

describe('names in the chronology', () => {
  it('shows the lead reviewer real names, and pseudonyms when they choose', async () => {
    const lead = await agentFor('lead.reviewer@demo.casework-lens.local')
    const real = await lead.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)
    expect(containsAName(real.body)).toBe(true)
    const pseudonyms = await lead.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting&names=pseudonyms`)
    expect(pseudonyms.statusCode).toBe(200)
    expect(containsAName(pseudonyms.body)).toBe(false)
  })

  it('never shows the case group a real name: page, event page, export and API', async () => {
    const caseGroup = await agentFor('case.group.hv@demo.casework-lens.local')
    const page = await caseGroup.get(`/reviews/${reviewId}/chronology`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Health Visiting')
    expect(containsAName(page.body)).toBe(false)
    const eventId = /\/chronology\/events\/([\w-]+)/.exec(page.body)?.[1]
    const event = await caseGroup.get(`/reviews/${reviewId}/chronology/events/${eventId}`)
    expect(event.statusCode).toBe(200)
    expect(containsAName(event.body)).toBe(false)
    const csv = await caseGroup.get(`/reviews/${reviewId}/chronology/export?format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body.split('\n').length).toBeGreaterThan(5)
    expect(containsAName(csv.body)).toBe(false)
    const { token } = await createApiToken(t.ctx, systemActor, 'case.group.hv@demo.casework-lens.local', 'x')
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}/chronology`, headers: { authorization: `Bearer ${token}` } })
    expect(api.json().events.length).toBeGreaterThan(5)
    expect(containsAName(api.body)).toBe(false)
  })
})

describe('disguised names in what the case group reads (issue 13)', () => {
  it('shows no register name or number disguised with invisible characters, look-alike or full-width letters or dots: page, event page, CSV export and API', async () => {
    // "Dean Ashcroft" with a soft hyphen, a Cyrillic "а" and a zero-width space; "Ashcroft" in full-width letters;
    // his NHS number written with dots.
    const disguised = 'De\u00adan \u0410shc\u200broft'
    const fullWidth = '\uff21\uff53\uff48\uff43\uff52\uff4f\uff46\uff54'
    const summary = `Visit: ${disguised} (NHS 999.648.1298) called; ${fullWidth} left early.`
    const event = await t.db.selectFrom('chronology_events').select('id').where('review_id', '=', reviewId).where('agency', '=', 'Health Visiting').orderBy('sort_key', 'desc').executeTakeFirstOrThrow()
    await t.db.updateTable('chronology_events').set({ summary }).where('id', '=', event.id).execute()
    // The direct update bypasses the services: raise the content version as they would, so no cached page is reused.
    await t.db.updateTable('reviews').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', reviewId).execute()
    // What a reader could read: normalised as the scan does, folded, separators inside numbers dropped.
    const readable = (text: string) => fold(normaliseForMatching(text).text)
    const leaks = (text: string) => {
      const seen = readable(text)
      return ['dean', 'ashcroft'].filter((w) => new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'u').test(seen))
        .concat(seen.replace(/(?<=\d)[^\p{L}\d]{1,3}(?=\d)/gu, '').includes('9996481298') ? ['nhs'] : [])
    }
    // The lead reviewer reads it as written (the test would prove nothing if the text were not there).
    const lead = await agentFor('lead.reviewer@demo.casework-lens.local')
    expect(leaks((await lead.get(`/reviews/${reviewId}/chronology/events/${event.id}`)).body)).toEqual(['dean', 'ashcroft', 'nhs'])

    const caseGroup = await agentFor('case.group.hv@demo.casework-lens.local')
    const eventPage = await caseGroup.get(`/reviews/${reviewId}/chronology/events/${event.id}`)
    expect(eventPage.statusCode).toBe(200)
    expect(eventPage.body).toContain('left early')
    expect(leaks(eventPage.body), 'event page').toEqual([])
    const page = await caseGroup.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)
    expect(page.body).toContain('left early')
    expect(leaks(page.body), 'chronology page').toEqual([])
    const csv = await caseGroup.get(`/reviews/${reviewId}/chronology/export?format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('left early')
    expect(leaks(csv.body), 'CSV export').toEqual([])
    const { token } = await createApiToken(t.ctx, systemActor, 'case.group.hv@demo.casework-lens.local', 'disguised')
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}/chronology`, headers: { authorization: `Bearer ${token}` } })
    expect(api.body).toContain('left early')
    expect(leaks(api.body), 'API').toEqual([])
  })
})

describe('disguised names in the chronology exports (issue 13)', () => {
  /** Every piece of text in every part of a workbook: cells, sheet names, document properties. */
  function workbookText(bytes: Buffer): string {
    const parts = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    return Object.entries(parts).filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels')).map(([, data]) => strFromU8(data)
      .replace(/<[^>]*>/g, ' ')
      .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join('\n')
  }

  /** Which of the person's name words and NHS number a reader could still make out, normalised as the scan does. */
  function readableOf(text: string, person: { real_name: string; nhs_number: string | null }): string[] {
    const seen = fold(normaliseForMatching(text).text)
    const words = person.real_name.split(' ').filter((w) => new RegExp(`(?<!\\p{L})${fold(w)}(?!\\p{L})`, 'u').test(seen))
    const digits = (person.nhs_number ?? '').replace(/\D/g, '')
    return digits && seen.replace(/(?<=\d)[^\p{L}\d]{1,3}(?=\d)/gu, '').includes(digits) ? [...words, 'nhs'] : words
  }

  it('leaves no register name or NHS number readable in the case group’s XLSX or CSV, however it is disguised (fast-check)', async () => {
    const persons = await t.db.selectFrom('persons').select(['real_name', 'nhs_number']).where('review_id', '=', reviewId)
      .where('nhs_number', 'is not', null).orderBy('real_name').execute()
    const people = persons.filter((p) => p.real_name.includes(' '))
    expect(people.length).toBeGreaterThan(2)
    const event = await t.db.selectFrom('chronology_events').select('id').where('review_id', '=', reviewId).where('agency', '=', 'Health Visiting').orderBy('sort_key').executeTakeFirstOrThrow()
    const caseGroup = await agentFor('case.group.hv@demo.casework-lens.local')
    const lead = await agentFor('lead.reviewer@demo.casework-lens.local')
    const write = async (summary: string) => {
      await t.db.updateTable('chronology_events').set({ summary }).where('id', '=', event.id).execute()
      // The direct update bypasses the services: raise the content version as they would, so no cached page is reused.
      await t.db.updateTable('reviews').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', reviewId).execute()
    }
    const exported = async (agent: typeof lead, format: 'xlsx' | 'csv') => {
      const res = await agent.get(`/reviews/${reviewId}/chronology/export?format=${format}&agency=Health+Visiting`)
      expect(res.statusCode).toBe(200)
      return format === 'xlsx' ? workbookText(res.rawPayload) : res.body
    }
    // The lead reviewer's workbook holds the name as written: the check below would see it if it were there.
    const [first] = people
    await write(`Visit: ${disguise(first!.real_name, [3, 1])} (NHS ${separated(first!.nhs_number!, [0, 2])}) called; left early.`)
    expect(readableOf(await exported(lead, 'xlsx'), first!)).toEqual([...first!.real_name.split(' '), 'nhs'])

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...people), disguiseChoices, fc.boolean(), fc.constantFrom<'xlsx' | 'csv'>('xlsx', 'xlsx', 'csv'), async (person, choices, override, format) => {
        const name = override ? reversedInOverride(person.real_name) : disguise(person.real_name, choices)
        const surname = disguise(person.real_name.split(' ').at(-1)!, [...choices].reverse())
        await write(`Visit: ${name} (NHS ${separated(person.nhs_number!, choices)}) called; ${surname} left early.`)
        const text = await exported(caseGroup, format)
        expect(text).toContain('left early')
        expect(readableOf(text, person), `${format}: ${JSON.stringify(name)}`).toEqual([])
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})

describe('the "type of event" choices', () => {
  it('show a category that holds a register name in the viewer’s name form, and filter by what was shown', async () => {
    // A category as an agency might write it, naming someone in the register.
    const person = await t.db.selectFrom('persons').select(['real_name', 'pseudonym']).where('review_id', '=', reviewId).where('real_name', 'like', '% %').orderBy('real_name').executeTakeFirstOrThrow()
    const event = await t.db.selectFrom('chronology_events').select('id').where('review_id', '=', reviewId).where('agency', '=', 'Health Visiting').orderBy('sort_key').executeTakeFirstOrThrow()
    const category = `Home visit to ${person.real_name}`
    await t.db.updateTable('chronology_events').set({ category }).where('id', '=', event.id).execute()
    // The direct update bypasses the services: raise the content version as they would, so no cached page is reused.
    await t.db.updateTable('reviews').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', reviewId).execute()
    const shownCategory = `Home visit to ${person.pseudonym}`
    const surname = person.real_name.split(/\s+/).at(-1)!
    const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+')

    const caseGroup = await agentFor('case.group.hv@demo.casework-lens.local')
    const page = await caseGroup.get(`/reviews/${reviewId}/chronology`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(shownCategory)
    expect(page.body).not.toContain(surname)
    // Choosing the option as shown finds the event; typing the real category finds nothing (it confirms nothing).
    const chosen = await caseGroup.get(`/reviews/${reviewId}/chronology?category=${encode(shownCategory)}`)
    expect(chosen.statusCode).toBe(200)
    expect(chosen.body).toContain(`/chronology/events/${event.id}`)
    expect(chosen.body).not.toContain(surname)
    const guessed = await caseGroup.get(`/reviews/${reviewId}/chronology?category=${encode(category)}`)
    expect(guessed.statusCode).toBe(200)
    expect(guessed.body).not.toContain(`/chronology/events/${event.id}`)
    expect(guessed.body).not.toMatch(/\/chronology\/events\/[\w-]+/)

    // The API filters the same way.
    const { token } = await createApiToken(t.ctx, systemActor, 'case.group.hv@demo.casework-lens.local', 'facets')
    const api = async (c: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}/chronology?category=${encode(c)}`, headers: { authorization: `Bearer ${token}` } })).json().events as { id: string; category: string }[]
    expect((await api(shownCategory)).map((e) => e.id)).toEqual([event.id])
    expect((await api(shownCategory))[0]!.category).toBe(shownCategory)
    expect(await api(category)).toEqual([])

    // The lead reviewer sees the category as recorded, and as a pseudonym when they choose pseudonyms.
    const lead = await agentFor('lead.reviewer@demo.casework-lens.local')
    const real = await lead.get(`/reviews/${reviewId}/chronology?category=${encode(category)}`)
    expect(real.body).toContain(category)
    expect(real.body).toContain(`/chronology/events/${event.id}`)
    const hidden = await lead.get(`/reviews/${reviewId}/chronology?names=pseudonyms`)
    expect(hidden.body).toContain(shownCategory)
    expect(hidden.body).not.toContain(category)
  })
})
