import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { multipartBody, signIn, type Agent } from '../../support/browser-agent.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { openSuggestions } from '../../../server/services/chronology-episodes.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { systemActor } from '../../../server/services/context.js'
import { importFilePath } from '../../../server/services/chronology-import.js'
import { addReviewMember, apiChronology, setUpReview, settle, previewRows, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
let f: ReviewFixture
let lead: Agent
beforeEach(async () => {
  t = await createTestApp()
  f = await setUpReview(t)
  lead = await signIn(t.app, f.lead.email)
})
afterEach(async () => {
  await settle(t)
  await t.close()
})

const demo = (name: string) => ({ field: 'file', filename: name, content: readFileSync(path.join(demoCaseDir, name)) })

async function uploadPage(agent: Agent, agency: string, file: string, fields: Record<string, string> = {}): Promise<string> {
  await agent.get(`/reviews/${f.reviewId}/imports/new`)
  const res = await agent.multipart(`/reviews/${f.reviewId}/imports`, { agency, ...fields }, [demo(file)])
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303)
  return String(res.headers.location)
}

async function commitPage(agent: Agent, importPath: string): Promise<void> {
  await agent.get(importPath)
  const res = await agent.post(`${importPath}/commit`)
  expect(res.statusCode).toBe(303)
}

async function actions(): Promise<string[]> {
  return (await t.db.selectFrom('audit_log').select('action').where('review_id', '=', f.reviewId).orderBy('seq').execute()).map((r) => r.action)
}

describe('importing in the browser', () => {
  it('uploads without JavaScript, shows the preview with the dates as written and every rejected row, and adds the file on commit', async () => {
    const importPath = await uploadPage(lead, 'Housing', 'housing.csv')
    const page = await lead.get(importPath)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('Check the Housing chronology')
    expect(page.body).toContain('28-07-2020') // as written…
    expect(page.body).toContain('28 July 2020') // …and as read
    expect(page.body).toContain('Outside review period')
    expect(page.body).toMatch(/Rows that cannot be added \(1\)/)
    expect(page.body).toContain('30-02-2021 is not a real date')
    expect(await t.db.selectFrom('chronology_events').select('id').where('previewing', '=', 0).execute()).toHaveLength(0)
    expect(await previewRows(t.db)).not.toHaveLength(0)
    expect((await lead.get(`/reviews/${f.reviewId}/chronology`)).body).toContain('There are no events yet.')

    await commitPage(lead, importPath)
    const after = await lead.get(importPath)
    expect(after.body).toContain('17 events added to the chronology')
    expect(after.body).toContain('roll back this import')
    const list = await lead.get(`/reviews/${f.reviewId}/imports`)
    expect(list.body).toContain('In the chronology')
    // The summary says the date format in words; after the commit, another file can be uploaded from here.
    expect(after.body).toMatch(/Date format<\/dt>\s*<dd class="govuk-summary-list__value">\s*day-month-year, such as 31-01-2020/)
    expect(after.body).not.toMatch(/DD-MM-YYYY|DD\/MM\/YYYY/)
    expect(after.body).toContain(`href="/reviews/${f.reviewId}/imports/new"`)
  })

  it('offers each type of event once however the agencies wrote it, and the filter finds every spelling', async () => {
    const csv = ['Date,Type,Details', '02/03/2021,Home visit,Seen at home', '03/03/2021,Home Visits,Seen again', '04/03/2021,home-visit,Third visit', '05/03/2021,Phone call,Rang mother'].join('\r\n')
    await lead.get(`/reviews/${f.reviewId}/imports/new`)
    const res = await lead.multipart(`/reviews/${f.reviewId}/imports`, { agency: 'Health Visiting' }, [{ field: 'file', filename: 'hv_records-March2021.csv', content: Buffer.from(csv) }])
    await commitPage(lead, String(res.headers.location))
    const page = await lead.get(`/reviews/${f.reviewId}/chronology`)
    const options = [...page.body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].filter((m) => /visit|call/i.test(m[2]!)).map((m) => m[2])
    expect(options).toEqual(['Home visit (3, written 3 ways)', 'Phone call (1)'])
    // The file name wraps only between its words.
    expect(page.body).toContain('<span class="app-file-name">hv_<wbr>records-<wbr>March2021.<wbr>csv<wbr></span>')
    const filtered = await lead.get(`/reviews/${f.reviewId}/chronology?category=${encodeURIComponent('Home visit')}`)
    expect(filtered.body).toContain('of 3 events that match')
    expect(filtered.body).toMatch(/<option value="Home visit" selected>/)
    const byVariant = await lead.get(`/reviews/${f.reviewId}/chronology?category=${encodeURIComponent('home visits')}`)
    expect(byVariant.body).toContain('of 3 events that match')
    expect(byVariant.body).toMatch(/<option value="Home visit" selected>/)
  })

  it('discards every upload that could not be used together, leaving the others, audited', async () => {
    const upload = async (name: string, content: string) => {
      await lead.get(`/reviews/${f.reviewId}/imports/new`)
      const res = await lead.multipart(`/reviews/${f.reviewId}/imports`, { agency: 'Police' }, [{ field: 'file', filename: name, content: Buffer.from(content) }])
      expect(res.statusCode).toBe(303)
      return String(res.headers.location).split('/').pop()!
    }
    const bad1 = await upload('empty-one.csv', 'Date,Details\r\n')
    const bad2 = await upload('empty-two.csv', 'Date,Details\r\n')
    const good = await upload('good.csv', 'Date,Details\r\n02/03/2021,Attended\r\n')
    const status = async (id: string) => (await t.db.selectFrom('chronology_imports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    expect([await status(bad1), await status(bad2), await status(good)]).toEqual(['failed', 'failed', 'previewed'])
    const list = await lead.get(`/reviews/${f.reviewId}/imports`)
    expect(list.body).toContain('Discard the 2 files that could not be used')
    const res = await lead.post(`/reviews/${f.reviewId}/imports/discard-failed`)
    expect(res.statusCode).toBe(303)
    expect([await status(bad1), await status(bad2), await status(good)]).toEqual(['discarded', 'discarded', 'previewed'])
    expect(existsSync(importFilePath(t.ctx, bad1))).toBe(false)
    expect(existsSync(importFilePath(t.ctx, good))).toBe(true)
    expect((await actions()).filter((a) => a === 'chronology.import.discard')).toHaveLength(2)
    const after = await lead.get(`/reviews/${f.reviewId}/imports`)
    expect(after.body).toContain('2 files discarded')
    expect(after.body).not.toContain('could not be used</button>')
  })

  it('re-reads the file with a corrected column choice and date format, keeping the choices on screen, and audits it', async () => {
    const importPath = await uploadPage(lead, 'Hospital', 'hospital-ed.csv')
    const before = await lead.get(importPath)
    expect(before.body).toMatch(/<option value="Notes" selected>/)
    const res = await lead.post(`${importPath}/settings`, {
      withMapping: 'yes', 'mapping-occurredAt': 'Arrival', 'mapping-summary': 'Presenting problem', 'mapping-category': '', 'mapping-author': 'Seen by',
      'mapping-time': '', 'mapping-outcome': '', dateFormat: 'D MMM YYYY', encoding: '', delimiter: '', headerRow: '', sheet: '',
    })
    expect(res.statusCode).toBe(303)
    const after = await lead.get(importPath)
    expect(after.body).toMatch(/<select class="govuk-select" id="mapping-summary"[^>]*>[\s\S]*?<option value="Presenting problem" selected>/)
    const staged = (await previewRows(t.db))[0]!
    expect(staged.category).toBeNull()
    const raw = readFileSync(path.join(demoCaseDir, 'hospital-ed.csv'), 'utf8')
    expect(raw).toContain(staged.summary!)
    expect(await actions()).toContain('chronology.import.reanalyse')

    // A mapping without the date column is refused, with the problem linked to its field.
    const bad = await lead.post(`${importPath}/settings`, { withMapping: 'yes', 'mapping-occurredAt': '', 'mapping-summary': 'Notes' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#mapping-occurredAt"')
  })

  it('lets the reviewer choose the columns from a list when the headings cannot be recognised, then previews the file', async () => {
    await lead.get(`/reviews/${f.reviewId}/imports/new`)
    const csv = Buffer.from('Col1,Col2,Col3\nPC 12,Visited the address; all well,x\nPC 14,Second visit to the family,y\n')
    const res = await lead.multipart(`/reviews/${f.reviewId}/imports`, { agency: 'Police' }, [{ field: 'file', filename: 'odd.csv', content: csv }])
    expect(res.statusCode).toBe(303)
    const importPath = String(res.headers.location)
    const failed = await lead.get(importPath)
    expect(failed.body).toContain('odd.csv could not be used')
    expect(failed.body).toMatch(/<option value="Col2">Col2<\/option>/)
    // The dates are in no column at all: the reviewer is told, and nothing is added.
    const wrong = await lead.post(`${importPath}/settings`, { withMapping: 'yes', 'mapping-occurredAt': 'Col1', 'mapping-summary': 'Col2' })
    expect(wrong.statusCode).toBe(303)
    const page = await lead.get(importPath)
    expect(page.body).toContain('Rows that cannot be added (2)')
    expect(page.body).toContain('There is nothing to add: every row was rejected')
    expect(await t.db.selectFrom('chronology_events').select('id').execute()).toHaveLength(0) // not even as a preview
  })

  it('links the import and chronology pages from the stages where that work happens, for those who can use them', async () => {
    const stage = await lead.get(`/reviews/${f.reviewId}/stages/gathering-data`)
    expect(stage.body).toContain(`href="/reviews/${f.reviewId}/imports"`)
    expect(stage.body).toContain(`href="/reviews/${f.reviewId}/chronology"`)
    const nav = await lead.get(`/reviews/${f.reviewId}/chronology`)
    expect(nav.body).toMatch(/aria-current="page">Chronology<\/a>/)
    const chair = await signIn(t.app, (await addReviewMember(t, f, 'board-chair')).email)
    const chairStage = await chair.get(`/reviews/${f.reviewId}/stages/gathering-data`)
    expect(chairStage.body).not.toContain(`/reviews/${f.reviewId}/chronology`)
  })

  it('documents the chronology API in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }
    expect(Object.keys(doc.paths['/api/v1/reviews/{reviewId}/imports']?.post?.requestBody?.content ?? {})).toEqual(['multipart/form-data'])
    expect(doc.paths['/api/v1/reviews/{reviewId}/imports/{importId}/commit']?.post).toBeDefined()
    expect(doc.paths['/api/v1/reviews/{reviewId}/chronology']?.get).toBeDefined()
  })

  it('answers the page script at once and reports progress until the preview is ready', async () => {
    await lead.get(`/reviews/${f.reviewId}/imports/new`)
    const { payload, contentType } = multipartBody({ _csrf: lead.csrfToken, agency: 'Police' }, [demo('police.csv')])
    const res = await t.app.inject({
      method: 'POST', url: `/reviews/${f.reviewId}/imports`, payload,
      headers: { 'content-type': contentType, cookie: `cwl_session=${lead.sessionCookie()}`, accept: 'application/json', 'x-app-async': '1' },
    })
    expect(res.statusCode).toBe(202)
    const started = res.json() as { importId: string; href: string; statusHref: string }
    expect(started.href).toBe(`/reviews/${f.reviewId}/imports/${started.importId}`)
    await settle(t)
    const status = await lead.get(started.statusHref)
    expect(status.json()).toEqual({ status: 'previewed', rowsRead: 22, href: started.href })
  })

  it('discards a preview: nothing is added and the file is gone', async () => {
    const importPath = await uploadPage(lead, 'Police', 'police.csv')
    await lead.get(importPath)
    expect((await lead.post(`${importPath}/discard`)).statusCode).toBe(303)
    const imp = await t.db.selectFrom('chronology_imports').select('status').executeTakeFirstOrThrow()
    expect(imp.status).toBe('discarded')
    expect(await previewRows(t.db)).toHaveLength(0)
    expect((await lead.post(`${importPath}/commit`)).statusCode).toBe(409)
    expect(existsSync(importFilePath(t.ctx, importPath.split('/').pop()!))).toBe(false)
  })

  it('tells members who may add a waiting preview about it on their dashboard, and no one else', async () => {
    const importPath = await uploadPage(lead, 'Police', 'police.csv')
    const otherAgency = await addReviewMember(t, f, 'case-group', 'Housing')
    const sameAgency = await addReviewMember(t, f, 'case-group', 'Police')
    expect((await lead.get('/')).body).toContain(`href="${importPath}"`)
    expect((await (await signIn(t.app, sameAgency.email)).get('/')).body).toContain('The Police chronology (police.csv) is checked and waiting to be added')
    expect((await (await signIn(t.app, otherAgency.email)).get('/')).body).not.toContain('police.csv')
    await commitPage(lead, importPath)
    expect((await lead.get('/')).body).not.toContain('police.csv')
  })

  it('rolls back from the import page after saying what will be lost', async () => {
    const importPath = await uploadPage(lead, 'Police', 'police.csv')
    await commitPage(lead, importPath)
    const event = (await apiChronology(t, f.leadToken, f.reviewId))[0]!
    await t.db.updateTable('chronology_events').set({ significant: 1 }).where('id', '=', event.id).execute()
    const confirm = await lead.get(`${importPath}/rollback`)
    expect(confirm.body).toContain('22 events')
    expect(confirm.body).toContain('1 event from this file has a reviewer’s note or a mark as significant')
    expect((await lead.post(`${importPath}/rollback`)).statusCode).toBe(303)
    expect(await apiChronology(t, f.leadToken, f.reviewId)).toHaveLength(0)
  })
})

describe('the integrated chronology page', () => {
  beforeEach(async () => {
    for (const [agency, file] of [['Police', 'police.csv'], ['Hospital Emergency Department', 'hospital-ed.csv'], ["Children's Social Care", 'childrens-social-care.csv'], ['Nursery', 'nursery.csv']] as const) {
      await commitPage(lead, await uploadPage(lead, agency, file))
    }
  })

  it('shows every agency in time order, finds events by their words, and filters by agency, dates and flags', async () => {
    const all = await lead.get(`/reviews/${f.reviewId}/chronology`)
    expect(all.statusCode).toBe(200)
    const total = (await apiChronology(t, f.leadToken, f.reviewId)).length
    expect(all.body).toContain(`Showing 1 to 50 of ${total} events`)
    expect(all.body).toContain('Month only')
    expect(all.body).toContain('aria-label="Page 2"')

    const search = await lead.get(`/reviews/${f.reviewId}/chronology?q=${encodeURIComponent('"cut lip"')}`)
    const matches = (await apiChronology(t, f.leadToken, f.reviewId, `?q=${encodeURIComponent('"cut lip"')}`))
    expect(matches.length).toBeGreaterThan(0)
    for (const e of matches) expect(`${e.summary} ${e.category} ${e.outcome}`.toLowerCase()).toContain('cut lip')
    expect(search.body).toContain(`of ${matches.length} ${matches.length === 1 ? 'event' : 'events'} that match`)
    // Search words are words, never query syntax.
    for (const q of ['"', 'NEAR(', 'summary:', '*', 'AND OR NOT', "'; drop table chronology_events; --"]) {
      expect((await lead.get(`/reviews/${f.reviewId}/chronology?q=${encodeURIComponent(q)}`)).statusCode).toBe(200)
    }

    const nursery = await apiChronology(t, f.leadToken, f.reviewId, '?agency=Nursery&flag=reduced-precision')
    expect(nursery.length).toBe(6)
    expect(nursery.every((e) => e.agency === 'Nursery' && e.flags.includes('reduced-precision'))).toBe(true)
    const spring = await apiChronology(t, f.leadToken, f.reviewId, '?from=2021-04-01&to=2021-04-30')
    expect(spring.length).toBeGreaterThan(0)
    expect(spring.every((e) => e.dateRange.end >= '2021-04-01' && e.dateRange.start <= '2021-04-30')).toBe(true)

    const wrongDate = await lead.get(`/reviews/${f.reviewId}/chronology?from=2021-02-30`)
    expect(wrongDate.body).toContain('The start date must be a real date')
  })

  it('lets a reviewer annotate an event, mark events significant and link them as one episode; audited', async () => {
    const events = await apiChronology(t, f.leadToken, f.reviewId, '?agency=Police')
    const [a, b] = [events[0]!, events[1]!]
    await lead.get(`/reviews/${f.reviewId}/chronology/events/${a.id}`)
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/events/${a.id}`, { annotation: 'Ask the officer about the DASH answers', significant: 'yes' })).statusCode).toBe(303)
    const stored = await t.db.selectFrom('chronology_events').select(['annotation', 'significant', 'annotated_by']).where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ annotation: 'Ask the officer about the DASH answers', significant: 1, annotated_by: f.lead.id })
    expect((await lead.get(`/reviews/${f.reviewId}/chronology?q=DASH+answers`)).body).toContain('Ask the officer about the DASH answers')

    await lead.get(`/reviews/${f.reviewId}/chronology`)
    const sig = await lead.post(`/reviews/${f.reviewId}/chronology/selection`, { eventIds: [b.id], action: 'significant', returnTo: `/reviews/${f.reviewId}/chronology?agency=Police` })
    expect(sig.statusCode).toBe(303)
    expect(sig.headers.location).toBe(`/reviews/${f.reviewId}/chronology?agency=Police`)
    expect((await apiChronology(t, f.leadToken, f.reviewId, '?flag=significant')).map((e) => e.id).sort()).toEqual([a.id, b.id].sort())

    const hospital = (await apiChronology(t, f.leadToken, f.reviewId, '?agency=Hospital+Emergency+Department'))[0]!
    await lead.get(`/reviews/${f.reviewId}/chronology`)
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/selection`, { eventIds: [a.id, hospital.id], action: 'link' })).statusCode).toBe(303)
    const linked = await apiChronology(t, f.leadToken, f.reviewId, '?flag=linked')
    expect(linked.map((e) => e.id).sort()).toEqual([a.id, hospital.id].sort())
    expect(new Set(linked.map((e) => e.episodeId)).size).toBe(1)
    const eventPage = await lead.get(`/reviews/${f.reviewId}/chronology/events/${a.id}`)
    expect(eventPage.body).toContain('Linked as the same episode')
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/events/${a.id}/unlink`)).statusCode).toBe(303)
    // An episode of one event links nothing, so it goes.
    expect(await t.db.selectFrom('chronology_episodes').select('id').execute()).toHaveLength(0)

    // Linking one event alone is refused on the page, with the chronology shown again.
    await lead.get(`/reviews/${f.reviewId}/chronology`)
    const alone = await lead.post(`/reviews/${f.reviewId}/chronology/selection`, { eventIds: [a.id], action: 'link' })
    expect(alone.statusCode).toBe(400)
    expect(alone.body).toContain('Select two or more events that record the same incident')
    expect(await actions()).toEqual(expect.arrayContaining(['chronology.event.update', 'chronology.event.significant', 'chronology.episode.link', 'chronology.episode.unlink']))
  })

  it('suggests episodes recorded by several agencies, links one on request and never suggests a dismissed one again', async () => {
    const open = await openSuggestions(t.ctx, systemReviewViewer(systemActor, f.reviewId))
    expect(open.length).toBeGreaterThan(1)
    const page = await lead.get(`/reviews/${f.reviewId}/chronology/suggestions`)
    for (const s of open.slice(0, 100)) expect(page.body).toContain(`/chronology/suggestions/${s.key}/link`)
    expect(page.body).toContain('shared terms:')
    const [first, second] = [open[0]!, open[1]!]
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/suggestions/${first.key}/link`)).statusCode).toBe(303)
    const linked = await apiChronology(t, f.leadToken, f.reviewId, '?flag=linked')
    expect(linked.map((e) => e.id).sort()).toEqual([...first.eventIds].sort())
    await lead.get(`/reviews/${f.reviewId}/chronology/suggestions`)
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/suggestions/${second.key}/dismiss`)).statusCode).toBe(303)
    const keys = (await openSuggestions(t.ctx, systemReviewViewer(systemActor, f.reviewId))).map((s) => s.key)
    expect(keys).not.toContain(first.key)
    expect(keys).not.toContain(second.key)
    expect(await t.db.selectFrom('chronology_episode_dismissals').select('suggestion_key').execute()).toEqual([{ suggestion_key: second.key }])
    // The "in a suggested episode" filter follows the open suggestions.
    const suggested = await apiChronology(t, f.leadToken, f.reviewId, '?flag=suggested-episode')
    expect(new Set(suggested.map((e) => e.id))).toEqual(new Set((await openSuggestions(t.ctx, systemReviewViewer(systemActor, f.reviewId))).flatMap((s) => s.eventIds)))
  })
})
