import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { createReview, addMember } from '../../server/services/reviews.js'
import { addPerson } from '../../server/services/persons.js'
import { recordConversation } from '../../server/services/conversations.js'
import type { Actor } from '../../server/services/context.js'
import { insertEvents } from '../integration/evidence/evidence-support.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

const NOTES = [
  '# Conversation with Health Visitor 1',
  '',
  '- "I did the one-year review on a video call. I could see Tamsin\'s face and the top of Nell\'s head.',
  'I couldn\'t weigh her, and I couldn\'t see who else was in the room."',
  '- Caseload about 480 children under five. **Vacancy** since 2020, see [the guidance](https://www.gov.uk/guidance).',
  '',
  'Pasted: <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> [click](javascript:window.pwned=3)',
].join('\n')

describeInBrowser('the person register and conversations in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('makes a quote by selecting words in the notes, links it to an event, and has no serious accessibility problems', async () => {
    const lead = await addUser(h.t, 'reviewer')
    const actor: Actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session', requestId: null }
    const review = await createReview(h.t.ctx, actor, {
      title: 'Learning review: Child N', boardName: 'Westmere partnership', subjectPseudonym: 'Child N', methodology: 'learning-together',
      periodFrom: '2020-10-01', periodTo: '2021-09-30', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const caseGroup = await addUser(h.t, 'reviewer')
    await addMember(h.t.ctx, actor, review.id, { email: caseGroup.email, role: 'case-group', agency: 'Health Visiting' })
    await addPerson(h.t.ctx, actor, review.id, { real_name: 'Tamsin Ambrose', pseudonym: 'Mother', role: 'Mother', postcode: 'ZZ99 2LB' })
    await addPerson(h.t.ctx, actor, review.id, { real_name: 'Nell Ambrose', pseudonym: 'Child N', date_of_birth: '2019-03-04' })
    const conversation = await recordConversation(h.t.ctx, actor, review.id, { practitioner: 'Health Visitor 1', agency: 'Health Visiting', heldOn: '2021-11-16', notes: NOTES })
    const [eventId] = await insertEvents(h.t, review.id, [
      { agency: 'Health Visiting', occurredAt: '2021-02-23', summary: 'One-year review held by video call' },
      { agency: 'Police', occurredAt: '2021-01-16', summary: 'Domestic incident attended' },
    ])

    const page = await h.newPage()
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/people`)
    expect(await page.locator('h1').textContent()).toBe('People in the review')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.goto(`/reviews/${review.id}/conversations/${conversation.id}`)
    expect(await seriousAxeViolations(page)).toEqual([])
    // The notes read as formatted text: a heading, a list, bold words and a safe link; no Markdown marks shown.
    const notesBox = page.locator('[data-conversation-notes]')
    expect(await notesBox.locator('h3').textContent()).toBe('Conversation with Health Visitor 1')
    expect(await notesBox.locator('li').count()).toBe(2)
    expect(await notesBox.locator('strong').textContent()).toBe('Vacancy')
    expect(await notesBox.textContent()).not.toMatch(/\*\*|^#|\]\(https/m)
    expect(await notesBox.getByRole('link', { name: 'the guidance' }).getAttribute('href')).toBe('https://www.gov.uk/guidance')
    // Raw HTML shows as text and runs nothing; the javascript: link is not a link.
    expect(await notesBox.textContent()).toContain('<script>window.pwned = 1</script>')
    expect(await notesBox.locator('script, img').count()).toBe(0)
    expect(await notesBox.getByRole('link', { name: 'click' }).count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.screenshot({ path: 'tests/.artifacts/conversation-notes-markdown.png', fullPage: true })
    const makeQuote = page.getByRole('button', { name: 'Make this a quote' })
    expect(await makeQuote.isVisible()).toBe(true)
    expect(await makeQuote.isDisabled()).toBe(true)

    // Select a passage across the line break, as a reviewer dragging the mouse would.
    await page.evaluate(() => {
      const notes = document.querySelector('[data-conversation-notes]')!
      const walker = document.createTreeWalker(notes, NodeFilter.SHOW_TEXT)
      const texts: Text[] = []
      while (walker.nextNode()) texts.push(walker.currentNode as Text)
      const first = texts.find((t) => t.data.includes('I could see'))!
      const last = texts.find((t) => t.data.includes(', and I couldn'))!
      const range = document.createRange()
      range.setStart(first, first.data.indexOf('I could see'))
      range.setEnd(last, last.data.indexOf(', and I couldn'))
      const selection = window.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
    })
    await expect.poll(() => makeQuote.isDisabled()).toBe(false)
    await makeQuote.click()
    const words = page.getByLabel('Words to quote')
    expect(await words.inputValue()).toBe("I could see Tamsin's face and the top of Nell's head.\nI couldn't weigh her")
    await page.getByLabel('Link it to a chronology event (optional)').selectOption(eventId!)
    await page.getByRole('button', { name: 'Save quote' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner__heading').textContent()).toBe('Quote saved')

    const quote = await h.t.db.selectFrom('quotes').selectAll().where('conversation_id', '=', conversation.id).executeTakeFirstOrThrow()
    expect(quote.text).toBe("I could see Tamsin's face and the top of Nell's head.\nI couldn't weigh her")
    expect(await h.t.db.selectFrom('quote_events').select('event_id').where('quote_id', '=', quote.id).execute()).toEqual([{ event_id: eventId }])
    // The quote crosses a line break, so it is marked as two runs of text either side of it.
    expect((await page.locator('mark.app-quote-mark').allTextContents()).map((t) => t.trim()).join('\n')).toBe(quote.text)
    expect(await page.locator(`#quote-${quote.id}`).textContent()).toContain('One-year review held by video call')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The toggle shows pseudonyms in place of the register's names.
    await page.getByRole('button', { name: 'Show pseudonyms' }).click()
    await expect.poll(() => page.locator('[data-conversation-notes]').textContent()).toContain("I could see Mother's face and the top of Child N's head.")
    expect(await page.locator('main').textContent()).not.toMatch(/Tamsin|Nell|Ambrose/)
    expect(await seriousAxeViolations(page)).toEqual([])

    // The case group reads the conversation, with pseudonyms and no quote tools.
    const other = await h.newPage()
    await signInAs(other, caseGroup.email)
    await other.goto(`/reviews/${review.id}/conversations/${conversation.id}`)
    expect(await other.locator('main').textContent()).not.toMatch(/Tamsin|Nell|Ambrose/)
    expect(await other.getByRole('button', { name: 'Make this a quote' }).count()).toBe(0)
    expect(await seriousAxeViolations(other)).toEqual([])
    expect(h.problems).toEqual([])
  })
})
