// The person register pages: the register, importing it from CSV, and adding, changing or removing one person.
// Only the lead reviewer and review team reach them (persons.view / persons.manage).
import fs from 'node:fs/promises'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { reviewOf } from '../../services/reviews.js'
import { addPerson, changePerson, importPersonsCsv, PERSON_FIELDS, personsFor, removePerson, requirePerson } from '../../services/persons.js'
import type { Person } from '../../data/schema.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'
import { uploadedFile } from './uploaded-file.js'

type Params = { Params: { reviewId: string } }
type PersonParams = { Params: { reviewId: string; personId: string } }

function personValues(p: Person): Record<string, string> {
  return {
    real_name: p.real_name, role: p.role ?? '', pseudonym: p.pseudonym, date_of_birth: p.date_of_birth ?? '', nhs_number: p.nhs_number ?? '',
    address: p.address ?? '', postcode: p.postcode ?? '', phone: p.phone ?? '', staff_number: p.staff_number ?? '',
  }
}

function personInput(v: Record<string, string>): Record<string, string> {
  return Object.fromEntries(PERSON_FIELDS.map((f) => [f, f === 'date_of_birth' ? dateValue(v, f) : (v[f] ?? '')]))
}

const peopleRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const registerPage = async (request: FastifyRequest<Params>, reply: FastifyReply, errors: FormErrors = NO_ERRORS) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const persons = await personsFor(ctx, viewer)
    return reply.page('pages/evidence/people', {
      pageTitle: 'People in the review',
      review,
      persons,
      canManage: viewer.can('persons.manage'),
      errors,
      breadcrumbs: reviewBreadcrumbs(review, 'People'),
    })
  }

  const personPage = async (request: FastifyRequest<Params>, reply: FastifyReply, person: Person | null, values: Record<string, string>, errors: FormErrors = NO_ERRORS) => {
    const review = await reviewOf(ctx, request.inReview())
    const title = person ? 'Change a person’s details' : 'Add a person'
    return reply.page('pages/evidence/person-form', {
      pageTitle: title,
      review,
      person,
      values,
      dobParts: dateInputValues(values, 'date_of_birth'),
      errors,
      action: person ? `/reviews/${review.id}/people/${person.id}` : `/reviews/${review.id}/people`,
      submitText: person ? 'Save changes' : 'Add to the register',
      backLink: `/reviews/${review.id}/people`,
      breadcrumbs: reviewBreadcrumbs(review, title),
    })
  }

  app.get<Params>('/reviews/:reviewId/people', { config: { access: access.review('persons.view') } }, async (request, reply) => registerPage(request, reply))

  app.post<Params>('/reviews/:reviewId/people/import', { config: { access: access.review('persons.manage') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        const file = uploadedFile(request, 'file')
        if (!file || file.size === 0 && (file.filename === '' || file.filename === 'upload')) {
          throw new BadInput('Choose a file', [{ path: 'file', message: 'Choose a CSV file of the person register' }])
        }
        return importPersonsCsv(ctx, request.actor(), reviewId, await fs.readFile(file.path))
      },
      rerender: (errors) => registerPage(request, reply, errors),
      redirectTo: `/reviews/${reviewId}/people`,
      flash: (r) => ({ kind: 'success', heading: `${r.imported} ${r.imported === 1 ? 'person' : 'people'} added to the register` }),
    })
  })

  app.get<Params>('/reviews/:reviewId/people/new', { config: { access: access.review('persons.manage') } }, async (request, reply) => personPage(request, reply, null, {}))

  app.post<Params>('/reviews/:reviewId/people', { config: { access: access.review('persons.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addPerson(ctx, request.actor(), request.params.reviewId, personInput(v)),
      rerender: (errors) => personPage(request, reply, null, v, errors),
      redirectTo: `/reviews/${request.params.reviewId}/people`,
      flash: (p) => ({ kind: 'success', heading: `${p.pseudonym} added to the register` }),
    })
  })

  app.get<PersonParams>('/reviews/:reviewId/people/:personId', { config: { access: access.review('persons.manage') } }, async (request, reply) => {
    const person = await requirePerson(ctx, request.params.reviewId, request.params.personId)
    return personPage(request, reply, person, personValues(person))
  })

  app.post<PersonParams>('/reviews/:reviewId/people/:personId', { config: { access: access.review('persons.manage') } }, async (request, reply) => {
    const v = formValues(request)
    const { reviewId, personId } = request.params
    const person = await requirePerson(ctx, reviewId, personId)
    return handleFormPost(ctx, request, reply, {
      run: () => changePerson(ctx, request.actor(), reviewId, personId, personInput(v)),
      rerender: (errors) => personPage(request, reply, person, v, errors),
      redirectTo: `/reviews/${reviewId}/people`,
      flash: { kind: 'success', heading: 'Details changed' },
    })
  })

  app.post<PersonParams>('/reviews/:reviewId/people/:personId/remove', { config: { access: access.review('persons.manage') } }, async (request, reply) => {
    const { reviewId, personId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => removePerson(ctx, request.actor(), reviewId, personId),
      rerender: (errors) => registerPage(request, reply, errors),
      redirectTo: `/reviews/${reviewId}/people`,
      flash: { kind: 'success', heading: 'Person removed from the register' },
    })
  })
}
export default peopleRoutes
