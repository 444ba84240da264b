import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { addMember, addResearchQuestion, createReview } from '../../server/services/reviews.js'
import { createFinding } from '../../server/services/findings.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('writing a finding and the board’s response in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('flags blame wording as the reviewer types, clears it when fixed, tags the finding, and the board chair answers', { timeout: 90_000 }, async () => {
    const lead = await addUser(h.t, 'reviewer')
    const chair = await addUser(h.t, 'board')
    const leadActor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session' as const, requestId: null }
    const review = await createReview(h.t.ctx, leadActor, {
      title: 'Learning review: Child T', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology: 'learning-together',
      periodFrom: '2020-01-01', periodTo: '2021-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    await addMember(h.t.ctx, leadActor, review.id, { email: chair.email, role: 'board-chair', agency: '' })
    await addResearchQuestion(h.t.ctx, leadActor, review.id, 'How do agencies learn who lives in a child’s home?')

    const page = await h.newPage()
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/findings`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Write a finding' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Write a finding')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByLabel('Title').fill('What agencies know about a new adult stays in separate places')
    const pattern = page.getByLabel('The systemic pattern')
    await pattern.fill('The social worker failed to ask housing who was living there.')
    // The browser runs the same check as the server, as the reviewer types.
    const flags = page.locator('#pattern-language')
    await expect.poll(() => flags.textContent()).toContain('failed to')
    expect(await flags.textContent()).toContain('Try:')
    expect(await seriousAxeViolations(page)).toEqual([])

    await pattern.fill('Assessments rest on what the adults say; nothing routinely asks housing who is living in the home.')
    await expect.poll(() => flags.locator('li').count()).toBe(0)

    await page.getByLabel('How it showed in this case').fill('Housing knew a man had moved in; the assessment recorded the mother as living alone.')
    await page.getByLabel('How widespread it is').fill('An audit of twenty assessments found the household checked with housing in four.')
    await page.getByLabel('Why it matters').fill('Risk from an adult nobody has assessed stays unseen.')
    await page.getByText('MAL: Multi-agency working in longer-term work', { exact: true }).click()
    await page.getByLabel('MAL-1: Holding the whole history').check()
    await page.getByLabel('How do agencies learn who lives in a child’s home?').check()
    await page.getByLabel('Questions for the board').fill('How can the board be assured that assessments ask every agency who lives in the home?')
    await page.getByRole('button', { name: 'Save finding' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Finding saved')
    expect(await page.locator('h1').textContent()).toBe('What agencies know about a new adult stays in separate places')
    expect(await page.getByText('No hindsight, blame or instruction wording is flagged.').count()).toBe(1)
    expect(await page.getByText('MAL-1', { exact: true }).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    // Complete, so the lead reviewer agrees it: only agreed findings reach the board.
    await page.getByRole('button', { name: 'Agree this finding' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Finding agreed')
    expect(await page.locator('#status .govuk-tag').textContent()).toBe('Agreed')

    // A finding with open flags: the lead reviewer's dismiss forms, and the agreement page, stay accessible.
    const flagged = await createFinding(h.t.ctx, leadActor, review.id, {
      kind: 'systemic', title: 'A draft with flags', pattern: 'The nurse failed to refer. Obviously the plan must change.', inThisCase: '', howWidespread: '',
      whyItMatters: '', systemLevel: '', typologyCodes: [], researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [],
    })
    await page.goto(`/reviews/${review.id}/findings/${flagged.id}`)
    expect(await page.getByRole('button', { name: 'Dismiss the flag' }).count()).toBe(3)
    expect(await seriousAxeViolations(page)).toEqual([])
    // Agreeing it is refused, with what is missing listed and linked.
    await page.getByRole('button', { name: 'Agree this finding' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary__title').textContent()).toContain('This finding cannot be agreed yet')
    expect(await page.locator('.govuk-error-summary__list li').count()).toBe(8)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto(`/reviews/${review.id}/findings/agreement`)
    expect(await seriousAxeViolations(page)).toEqual([])

    const board = await h.newPage()
    await signInAs(board, chair.email)
    await board.goto(`/reviews/${review.id}`)
    await board.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Board response' }).click()
    await expect.poll(() => board.locator('h1').textContent()).toBe('Board response')
    expect(await seriousAxeViolations(board)).toEqual([])
    await board.getByLabel('The board’s response').fill('The board accepts the finding; children’s services and housing will agree an occupancy check.')
    await board.getByRole('button', { name: 'Record the response' }).click()
    await expect.poll(() => board.locator('.govuk-notification-banner--success').textContent()).toContain('The board’s response is recorded')
    expect(await board.locator('textarea[name="response"]').inputValue()).toContain('occupancy check')
    expect(await seriousAxeViolations(board)).toEqual([])

    await board.goto(`/reviews/${review.id}/board/actions/new`)
    expect(await seriousAxeViolations(board)).toEqual([])
    // The due date takes day, month and year as typed; 31 February is refused, naming the field.
    await board.getByLabel('The action', { exact: true }).fill('Audit medium-graded incidents with children under five')
    await board.getByLabel('Owner agency').fill('Westmere MARAC steering group')
    await board.getByLabel('Owner role').fill('MARAC chair')
    await board.getByLabel('How success will be known').fill('Audit reported to the board each quarter')
    await board.getByLabel('Day').fill('31')
    await board.getByLabel('Month').fill('2')
    await board.getByLabel('Year').fill('2021')
    await board.getByRole('button', { name: 'Agree the action' }).click()
    await expect.poll(() => board.locator('.govuk-error-summary').textContent()).toContain('Due date must be a real date')
    expect(await seriousAxeViolations(board)).toEqual([])
    // A date in the past is asked about before it is saved.
    await board.getByLabel('Day').fill(' 03')
    await board.getByRole('button', { name: 'Agree the action' }).click()
    await expect.poll(() => board.locator('.govuk-warning-text').textContent()).toContain('The due date, 3 February 2021, is in the past')
    expect(await seriousAxeViolations(board)).toEqual([])
    await board.getByRole('button', { name: 'Save with this due date' }).click()
    await expect.poll(() => board.locator('.govuk-notification-banner--success').textContent()).toContain('Action agreed')
    await board.goto(`/reviews/${review.id}/quality`)
    expect(await seriousAxeViolations(board)).toEqual([])
    await board.goto('/typology')
    expect(await seriousAxeViolations(board)).toEqual([])
    expect(h.problems).toEqual([])
  })
})
