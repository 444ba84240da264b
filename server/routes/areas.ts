// The feature areas' routes, one line each. Each area is an encapsulated plugin in routes/<area>/.
import type { FastifyInstance } from 'fastify'
import type { ServiceContext } from '../services/context.js'
import dashboardRoutes from './reviews/dashboard.js'
import reviewPageRoutes from './reviews/review-pages.js'
import memberRoutes from './reviews/members.js'
import scopeRoutes from './reviews/scope.js'
import childFactsRoutes from './reviews/child-facts.js'
import stageRoutes from './reviews/stages.js'
import rapidReviewRoutes from './reviews/rapid-review.js'
import apiReviewRoutes from './api/reviews.js'
import apiPartnershipRoutes from './api/partnerships.js'
import apiRapidReviewRoutes from './api/rapid-review.js'
import apiConductRoutes from './api/conduct.js'
import apiEpisodeRoutes from './api/episodes.js'
import importPageRoutes from './chronology/import-pages.js'
import chronologyPageRoutes from './chronology/chronology-pages.js'
import apiChronologyRoutes from './api/chronology.js'
import peopleRoutes from './evidence/people.js'
import conversationRoutes from './evidence/conversations.js'
import documentRoutes from './evidence/documents.js'
import nameDisplayRoutes from './evidence/name-view.js'
import apiEvidenceRoutes from './api/evidence.js'
import findingsPageRoutes from './findings/findings-pages.js'
import agreementPageRoutes from './findings/agreement-pages.js'
import boardPageRoutes from './findings/board-pages.js'
import qualityPageRoutes from './findings/quality-pages.js'
import typologyPageRoutes from './findings/typology-pages.js'
import apiFindingRoutes from './api/findings.js'
import apiTypologyRoutes from './api/typology.js'
import apiLanguageCheckRoutes from './api/language-check.js'
import episodePageRoutes from './analysis/episode-pages.js'
import factorPageRoutes from './analysis/factor-pages.js'
import mapPageRoutes from './analysis/map-pages.js'
import conductRoutes from './reviews/conduct.js'
import apiCausalMapRoutes from './api/causal-map.js'
import reportPageRoutes from './reports/report-pages.js'
import apiReportRoutes from './api/report.js'
import nationalDashboardRoutes from './national/dashboard.js'
import nationalReturnRoutes from './national/returns.js'
import reviewReturnRoutes from './national/review-return.js'
import apiNationalRoutes from './api/national.js'
import apiChildFactsRoutes from './api/child-facts.js'

export async function registerAreaRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  // Reviews, members and methodology stages (issue 4)
  await app.register(dashboardRoutes, { ctx })
  await app.register(reviewPageRoutes, { ctx })
  await app.register(memberRoutes, { ctx })
  await app.register(scopeRoutes, { ctx })
  await app.register(childFactsRoutes, { ctx })
  await app.register(conductRoutes, { ctx })
  await app.register(stageRoutes, { ctx })
  await app.register(rapidReviewRoutes, { ctx })
  await app.register(apiReviewRoutes, { ctx })
  await app.register(apiPartnershipRoutes, { ctx })
  await app.register(apiRapidReviewRoutes, { ctx })
  await app.register(apiConductRoutes, { ctx })
  await app.register(apiEpisodeRoutes, { ctx })
  // Agency chronology import and the integrated chronology (issue 5, part A)
  await app.register(importPageRoutes, { ctx })
  await app.register(chronologyPageRoutes, { ctx })
  await app.register(apiChronologyRoutes, { ctx })
  // Person register, conversations and quotes, supporting documents (issue 5, part B)
  await app.register(peopleRoutes, { ctx })
  await app.register(conversationRoutes, { ctx })
  await app.register(documentRoutes, { ctx })
  await app.register(nameDisplayRoutes, { ctx })
  await app.register(apiEvidenceRoutes, { ctx })
  // Key practice episodes, contributory factors and the causal why-map (issue 6)
  await app.register(episodePageRoutes, { ctx })
  await app.register(factorPageRoutes, { ctx })
  await app.register(mapPageRoutes, { ctx })
  await app.register(apiCausalMapRoutes, { ctx })
  // Findings, the national typology, tagging agreement, board response and quality self-assessment (issue 7)
  await app.register(findingsPageRoutes, { ctx })
  await app.register(agreementPageRoutes, { ctx })
  await app.register(boardPageRoutes, { ctx })
  await app.register(qualityPageRoutes, { ctx })
  await app.register(typologyPageRoutes, { ctx })
  await app.register(apiFindingRoutes, { ctx })
  await app.register(apiTypologyRoutes, { ctx })
  await app.register(apiLanguageCheckRoutes, { ctx })
  // The learning report: PDF, DOCX and HTML, internal and publication editions, leak scan (issue 8)
  await app.register(reportPageRoutes, { ctx })
  await app.register(apiReportRoutes, { ctx })
  // National learning: each review's anonymised return, and the national themes dashboard (issue 9)
  await app.register(reviewReturnRoutes, { ctx })
  await app.register(nationalDashboardRoutes, { ctx })
  await app.register(nationalReturnRoutes, { ctx })
  await app.register(apiNationalRoutes, { ctx })
  await app.register(apiChildFactsRoutes, { ctx })
}
