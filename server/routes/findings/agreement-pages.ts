// Tagging agreement: start an exercise for two reviewers, each tags the findings on their own, then the
// comparison (Cohen's kappa per family, disagreements) is shown and disagreements are resolved.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { RuleBroken } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { setFindingTags } from '../../services/findings.js'
import { reviewOf } from '../../services/reviews.js'
import {
  closeTaggingExercise, exerciseView, listExercises, possibleTaggers, saveExerciseTags, startTaggingExercise, type ExerciseTagView,
} from '../../services/tagging-agreement.js'
import { familiesOf } from '../../services/typology.js'
import { TAG_EFFECT_TEXT, type TagEffect } from '../../../methodology/typology/tag-effect.js'
import { TYPOLOGY_V1 } from '../../../methodology/typology/typology-v1.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { REVIEW_ROLE_LABELS, isReviewRole } from '../../../methodology/permissions.js'
import { findingsBreadcrumbs } from './findings-pages.js'

type Params = { Params: { reviewId: string } }
type ExerciseParams = { Params: { reviewId: string; exerciseId: string } }

const effectWord = (effect: TagEffect | null) => (effect ? TAG_EFFECT_TEXT[effect].text.toLowerCase() : 'no marker')

function percent(x: number): string {
  return `${Math.round(x * 100)}%`
}

const agreementPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const indexPage = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) => {
    const review = await reviewOf(ctx, request.inReview())
    const [exercises, taggers] = await Promise.all([listExercises(ctx, request.inReview()), possibleTaggers(ctx, request.inReview())])
    const options = taggers.map((t) => ({ value: t.userId, text: `${t.name} (${isReviewRole(t.role) ? REVIEW_ROLE_LABELS[t.role] : t.role})` }))
    return reply.page('pages/findings/agreement', {
      pageTitle: 'Tagging agreement',
      review,
      exercises,
      open: exercises.find((e) => e.closed_at === null) ?? null,
      taggerOptions: options,
      values: extra.values ?? { firstUserId: request.user!.id },
      errors: extra.errors ?? NO_ERRORS,
      breadcrumbs: findingsBreadcrumbs(review, 'Tagging agreement'),
    })
  }

  app.get<Params>('/reviews/:reviewId/findings/agreement', { config: { access: access.review('findings.edit') } }, async (request, reply) => indexPage(request, reply))

  app.post<Params>('/reviews/:reviewId/findings/agreement', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => startTaggingExercise(ctx, request.actor(), request.params.reviewId, { firstUserId: v.firstUserId ?? '', secondUserId: v.secondUserId ?? '' }),
      rerender: (errors) => indexPage(request, reply, { values: v, errors }),
      redirectTo: (e) => `/reviews/${request.params.reviewId}/findings/agreement/${e.id}`,
      flash: { kind: 'success', heading: 'Agreement exercise started', text: 'Each reviewer tags the findings on their own. Neither sees the other’s codes until both have finished.' },
    })
  })

  const exercisePage = async (
    request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; submitted?: Record<string, string[]>; submittedEffects?: Record<string, Record<string, string>> } = {},
  ) => {
    const { exerciseId } = request.params as { reviewId: string; exerciseId: string }
    const review = await reviewOf(ctx, request.inReview())
    const view = await exerciseView(ctx, request.inReview(), exerciseId)
    const families = familiesOf(view.typology)
    const labelOf = (code: string) => view.typology.codes.find((c) => c.code === code)?.label ?? code
    const mySeatDone = view.seat === 'first' ? view.first.done : view.seat === 'second' ? view.second.done : false
    const tagging = view.seat !== null && !mySeatDone && view.exercise.closed_at === null
    const own = extra.submitted ?? view.ownTags
    const ownEffects: Record<string, Record<string, string | null>> = extra.submittedEffects ?? view.ownEffects
    const errors = extra.errors ?? NO_ERRORS
    const report = view.comparison?.report ?? null
    const marked = view.typology.version !== TYPOLOGY_V1.version
    const tagText = (t: ExerciseTagView) => (t.effect ? `${t.code} (${TAG_EFFECT_TEXT[t.effect].text.toLowerCase()})` : t.code)
    const sameTags = (a: ExerciseTagView[], b: ExerciseTagView[]) => a.length === b.length && a.every((x) => b.some((y) => y.code === x.code && y.effect === x.effect))
    return reply.page('pages/findings/agreement-exercise', {
      pageTitle: 'Tagging agreement',
      review,
      exercise: view.exercise,
      first: view.first,
      second: view.second,
      typologyVersion: view.typology.version,
      closed: view.exercise.closed_at !== null,
      tagging,
      waitingForOther: view.seat !== null && mySeatDone && view.comparison === null,
      hidden: view.seat === null && view.comparison === null,
      findings: view.findings.map((f) => ({
        id: f.id, title: f.title, pattern: f.pattern,
        families: families.map((fam, j) => {
          const options = [{ code: fam.code, label: 'the family as a whole, where no specific code fits' }, ...fam.codes.map((c) => ({ code: c.code, label: c.label }))]
            .map((o, k) => {
              const effectName = `effect-${f.id}-${o.code}`
              return {
                ...o, id: j === 0 && k === 0 ? `tags-${f.id}` : `tag-${f.id}-${o.code}`, findingId: f.id, checked: (own[f.id] ?? []).includes(o.code),
                effectName, effect: ownEffects[f.id]?.[o.code] ?? null, effectError: errors.fields[effectName] ?? null,
              }
            })
          return { code: fam.code, label: fam.label, options, open: options.some((o) => o.checked) }
        }),
        comparison: view.comparison ? (() => {
          const both = view.comparison!.byFinding[f.id] ?? { first: [], second: [] }
          const firstCodes = both.first.map((t) => t.code)
          const secondCodes = both.second.map((t) => t.code)
          const union = [...new Set([...firstCodes, ...secondCodes])].sort()
          return {
            first: both.first.map(tagText).join(', ') || 'No codes', second: both.second.map(tagText).join(', ') || 'No codes',
            agreed: union.length > 0 && sameTags(both.first, both.second),
            options: union.map((code) => ({ code, label: labelOf(code), checked: firstCodes.includes(code) && secondCodes.includes(code) })),
          }
        })() : null,
      })),
      families: report?.families.map((fam) => ({
        ...fam,
        observedText: fam.n > 0 ? percent(fam.observed) : '–',
        kappaText: fam.kappa === null ? null : fam.kappa.toFixed(2),
      })) ?? [],
      disagreements: report?.disagreements.map((d) => ({
        ...d,
        findingTitle: view.findings.find((f) => f.id === d.findingId)?.title ?? d.findingId,
        who: d.taggedBy === 'both'
          ? `Both, with different markers: ${view.first.name} ${effectWord(d.effects.first)}, ${view.second.name} ${effectWord(d.effects.second)}`
          : `${d.taggedBy === 'first' ? view.first.name : view.second.name} only${d.effects[d.taggedBy] ? ` (${effectWord(d.effects[d.taggedBy])})` : ''}`,
      })) ?? [],
      hasReport: report !== null,
      marked,
      errors,
      breadcrumbs: findingsBreadcrumbs(review, 'Tagging agreement'),
    })
  }

  app.get<ExerciseParams>('/reviews/:reviewId/findings/agreement/:exerciseId', { config: { access: access.review('findings.edit') } }, async (request, reply) => exercisePage(request, reply))

  app.post<ExerciseParams>('/reviews/:reviewId/findings/agreement/:exerciseId/tags', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { reviewId, exerciseId } = request.params
    const view = await exerciseView(ctx, request.inReview(), exerciseId)
    const tags: Record<string, string[]> = {}
    const effects: Record<string, Record<string, string>> = {}
    const v = formValues(request)
    for (const f of view.findings) {
      tags[f.id] = formList(request, `tags-${f.id}`)
      effects[f.id] = Object.fromEntries(tags[f.id]!.map((code) => [code, v[`effect-${f.id}-${code}`] ?? '']))
    }
    const finish = v.finish === 'yes'
    return handleFormPost(ctx, request, reply, {
      run: () => saveExerciseTags(ctx, request.actor(), reviewId, exerciseId, tags, finish, effects),
      rerender: (errors) => exercisePage(request, reply, { errors, submitted: tags, submittedEffects: effects }),
      redirectTo: `/reviews/${reviewId}/findings/agreement/${exerciseId}`,
      flash: finish
        ? { kind: 'success', heading: 'Your tags are saved and final', text: 'The comparison appears when both reviewers have finished.' }
        : { kind: 'success', heading: 'Your tags are saved', text: 'You can come back and change them until you finish.' },
    })
  })

  app.post<ExerciseParams>('/reviews/:reviewId/findings/agreement/:exerciseId/resolve', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { reviewId, exerciseId } = request.params
    const findingId = formValues(request).findingId ?? ''
    const view = await exerciseView(ctx, request.inReview(), exerciseId)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        if (!view.comparison || !view.findings.some((f) => f.id === findingId)) {
          throw new RuleBroken('Disagreements can be resolved once both reviewers have finished tagging')
        }
        // A code both reviewers marked the same way (or only one used) keeps that marker on the finding.
        const both = view.comparison.byFinding[findingId] ?? { first: [], second: [] }
        const effects: Record<string, TagEffect> = {}
        for (const t of [...both.first, ...both.second]) {
          const mine = [...both.first, ...both.second].filter((x) => x.code === t.code).map((x) => x.effect)
          if (t.effect && mine.every((e) => e === t.effect)) effects[t.code] = t.effect
        }
        return setFindingTags(ctx, request.actor(), reviewId, findingId, formList(request, 'codes'), effects)
      },
      rerender: (errors) => exercisePage(request, reply, { errors }),
      redirectTo: `/reviews/${reviewId}/findings/agreement/${exerciseId}#finding-${findingId}`,
      flash: { kind: 'success', heading: 'The finding’s codes are updated' },
    })
  })

  app.post<ExerciseParams>('/reviews/:reviewId/findings/agreement/:exerciseId/close', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { reviewId, exerciseId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => closeTaggingExercise(ctx, request.actor(), reviewId, exerciseId),
      rerender: (errors) => exercisePage(request, reply, { errors }),
      redirectTo: `/reviews/${reviewId}/findings/agreement`,
      flash: { kind: 'success', heading: 'Exercise closed' },
    })
  })
}
export default agreementPageRoutes
