// The rapid review's pages: a summary of every section with its clocks and exports, and one form per section
// (facts → immediate action → learning → criteria → decision → sign-off → sent and the Panel's response).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput, NotFound, RuleBroken, StaleEdit } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { reviewOf } from '../../services/reviews.js'
import { rapidReviewRecordToChange, saveRapidReview, viewRapidReview, type RapidReviewView } from '../../services/rapid-review.js'
import { reviewProgress } from '../../services/stages.js'
import { handleFormPost, formValues, NO_ERRORS, type FormErrors } from '../form-support.js'
import { CLOCK_STATUS, clockDaysText, PROVISIONAL_CLOCK_NOTE } from '../../views-support/review-labels.js'
import { formatLocalDate } from '../../views-support/handlebars.js'
import {
  criterionText, DECISION_HINTS, DECISION_LABELS, DECISIONS, PARTNER_LABELS, PARTNERS,
} from '../../../methodology/rapid-review/rapid-review-record.js'
import { bodyWithSection, onForm, SECTION_TITLES, SECTIONS, sectionValues, type Section } from './rapid-review-form.js'
import { reviewBreadcrumbs } from './review-pages.js'
import { exportRapidReview, readRapidReviewFormat } from '../../services/rapid-review-export.js'
import { sendDownload } from '../file-download.js'
import { LANGUAGE_CHECK_SCRIPT, narrativeLanguage } from '../../services/narrative-language.js'
import { startLocalReview } from '../../services/local-review-start.js'
import { setFlash } from '../../services/sessions.js'

type Params = { Params: { reviewId: string } }
type SectionParams = { Params: { reviewId: string; section: string } }

function sectionOf(raw: string): Section {
  if (!(SECTIONS as readonly string[]).includes(raw)) throw new NotFound('There is no such part of the rapid review')
  return raw as Section
}

const dateText = (d: string | null) => (d ? formatLocalDate(d) : '')

/** The summary rows of each section, in the order of the Panel's template. */
function summary(view: RapidReviewView, reviewId: string, canManage: boolean) {
  const change = (section: Section) => (canManage ? `/reviews/${reviewId}/rapid-review/${section}` : null)
  return SECTIONS.map((section) => {
    const rows: { key: string; value: string }[] = []
    switch (section) {
      case 'facts':
        rows.push(
          { key: 'The child', value: view.facts.child }, { key: 'The household', value: view.facts.household },
          { key: 'Agencies involved', value: view.facts.agencies.join(', ') }, { key: 'The incident', value: view.facts.incident },
          { key: 'Date of the incident', value: dateText(view.facts.incidentDate) },
          { key: 'Date the partnership became aware', value: dateText(view.facts.becameAware) },
        )
        break
      case 'immediate-action':
        view.immediateSafeguarding.forEach((a, i) => rows.push({
          key: `Action ${i + 1}${a.for ? ` (for ${a.for})` : ''}`,
          value: `${a.action}. By ${a.by}${a.date ? `, ${dateText(a.date)}` : ''}. ${a.done ? 'Done.' : 'Not yet done.'}`,
        }))
        break
      case 'learning':
        rows.push({ key: 'Good practice', value: view.learning.goodPractice }, { key: 'What needs to change', value: view.learning.toImprove })
        break
      case 'criteria':
        view.criteria.forEach((c) => rows.push({ key: criterionText(c.criterion), value: `${c.met === true ? 'Met' : c.met === false ? 'Not met' : 'Not yet known'}${c.note ? `: ${c.note}` : ''}` }))
        break
      case 'decision':
        rows.push(
          { key: 'Decision', value: view.decision ? DECISION_LABELS[view.decision] : '' }, { key: 'Reasons', value: view.decisionReasons },
          { key: 'Date of the decision', value: dateText(view.decisionDate) },
          ...(view.draftQuestions.length ? [{ key: 'Questions a local review would start from', value: view.draftQuestions.join(' / ') }] : []),
        )
        break
      case 'sign-off':
        PARTNERS.forEach((p) => {
          const s = view.signOff.find((x) => x.partner === p)
          rows.push({ key: PARTNER_LABELS[p], value: s ? `${s.name}, ${s.role}, ${dateText(s.date)}` : '' })
        })
        break
      case 'panel':
        rows.push(
          { key: 'Sent to the Panel', value: dateText(view.sentToPanel) },
          { key: 'The Panel’s response', value: view.panelResponse ? `${dateText(view.panelResponse.date)}: ${view.panelResponse.text}` : '' },
        )
        break
    }
    return { section, number: SECTIONS.indexOf(section) + 1, title: SECTION_TITLES[section], href: change(section), rows, empty: rows.length === 0 }
  })
}

const rapidReviewRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<Params>('/reviews/:reviewId/rapid-review', { config: { access: access.review('review.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const view = await viewRapidReview(ctx, viewer)
    const review = await reviewOf(ctx, viewer)
    const progress = await reviewProgress(ctx, review.id)
    const canManage = viewer.can('review.manage')
    return reply.header('cache-control', 'no-store').page('pages/reviews/rapid-review', {
      pageTitle: 'Rapid review',
      review,
      view,
      canManage,
      sections: summary(view, review.id, canManage),
      clocks: progress.clocks.map((c) => ({ ...c, tag: CLOCK_STATUS[c.status], days: clockDaysText(c.daysRemaining) })),
      clocksProblem: progress.clocksProblem,
      provisionalNote: PROVISIONAL_CLOCK_NOTE,
      canStartLocalReview: canManage && view.decision === 'lcspr' && !view.localReviewId,
      breadcrumbs: reviewBreadcrumbs(review, 'Rapid review'),
    })
  })

  app.get<Params & { Querystring: { format?: string } }>('/reviews/:reviewId/rapid-review/export', { config: { access: access.review('review.view') } }, async (request, reply) =>
    sendDownload(reply, await exportRapidReview(ctx, request.inReview(), readRapidReviewFormat(request.query.format))))

  app.post<Params>('/reviews/:reviewId/rapid-review/start-local-review', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const { localReviewId } = await startLocalReview(ctx, request.inReview())
    if (request.session) await setFlash(ctx, request.session, { kind: 'success', heading: 'Local review started from the rapid review' })
    return reply.redirect(`/reviews/${localReviewId}`, 303)
  })

  const sectionPage = async (request: FastifyRequest<SectionParams>, reply: FastifyReply, typed: Record<string, string> | null, errors: FormErrors = NO_ERRORS) => {
    const section = sectionOf(request.params.section)
    const viewer = request.inReview()
    const view = await viewRapidReview(ctx, viewer)
    const review = await reviewOf(ctx, viewer)
    const next = SECTIONS[SECTIONS.indexOf(section) + 1]
    const values = sectionValues(section, view, typed)
    // The learning is narrative the Panel reads: hindsight and blame wording is listed under each field.
    const language = section === 'learning'
      ? narrativeLanguage({ goodPractice: typeof values.goodPractice === 'string' ? values.goodPractice : '', toImprove: typeof values.toImprove === 'string' ? values.toImprove : '' })
      : {}
    return reply.header('cache-control', 'no-store').page(`pages/reviews/rapid-review-${section}`, {
      pageTitle: `${errors.summary.length ? 'Error: ' : ''}${SECTION_TITLES[section]}: rapid review`,
      review,
      section,
      title: SECTION_TITLES[section],
      step: SECTIONS.indexOf(section) + 1,
      steps: SECTIONS.length,
      version: typed?.version ?? String(view.version),
      values,
      language,
      scripts: section === 'learning' ? [LANGUAGE_CHECK_SCRIPT] : [],
      decisions: DECISIONS.map((d) => ({ value: d, text: DECISION_LABELS[d], hint: DECISION_HINTS[d] })),
      partnerLabels: PARTNER_LABELS,
      metOptions: [{ value: 'yes', text: 'Met' }, { value: 'no', text: 'Not met' }, { value: '', text: 'Not yet known' }],
      buttonText: next ? `Save and continue to ${SECTION_TITLES[next].toLowerCase()}` : 'Save',
      errors,
      breadcrumbs: [...reviewBreadcrumbs(review, 'Rapid review').slice(0, 2), { text: 'Rapid review', href: `/reviews/${review.id}/rapid-review` }, { text: SECTION_TITLES[section] }],
    })
  }

  app.get<SectionParams>('/reviews/:reviewId/rapid-review/:section', { config: { access: access.review('review.manage') } }, async (request, reply) => sectionPage(request, reply, null))

  app.post<SectionParams>('/reviews/:reviewId/rapid-review/:section', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const section = sectionOf(request.params.section)
    const viewer = request.inReview()
    const v = formValues(request)
    const next = SECTIONS[SECTIONS.indexOf(section) + 1]
    // "Add another action": the same form again with what was typed and one more row; nothing is saved yet.
    if (section === 'immediate-action' && v.addRow) return sectionPage(request, reply, v)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        const record = await rapidReviewRecordToChange(ctx, viewer)
        const { body, fieldOf } = bodyWithSection(section, record, v)
        const version = /^\d+$/.test(v.version ?? '') ? Number(v.version) : null
        try {
          return await saveRapidReview(ctx, viewer, body, version)
        } catch (error) {
          if (error instanceof BadInput) throw new BadInput(error.message, onForm(error.details, fieldOf), error.code)
          // Shown on the form with what was typed kept, so it can be copied before reloading.
          if (error instanceof StaleEdit) throw new RuleBroken(`${error.message}`, [], 'stale-edit')
          throw error
        }
      },
      rerender: (errors) => sectionPage(request, reply, v, errors),
      redirectTo: next ? `/reviews/${viewer.reviewId}/rapid-review/${next}` : `/reviews/${viewer.reviewId}/rapid-review`,
      flash: { kind: 'success', heading: `${SECTION_TITLES[section]} saved` },
    })
  })
}
export default rapidReviewRoutes
