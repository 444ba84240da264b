// Carries a version 1 national return into version 2, the form the national store counts. Version 1 did not
// record the child's characteristics, the harm type, the household or timeliness, so each is "not known"
// (never guessed); its age bands become the Department's bands only where one wholly contains the other.
import { UNKNOWN_CHILD, sinAgeBandFromV1 } from './characteristics.js'
import { RETURN_FORMAT_VERSION, type NationalReturn, type NationalReturnV1 } from './return-format.js'

export function translateV1(document: NationalReturnV1): NationalReturn {
  const { childAgeBand, ...review } = document.review
  return {
    ...document,
    formatVersion: RETURN_FORMAT_VERSION,
    review: {
      ...review,
      child: { ...UNKNOWN_CHILD, ageBand: sinAgeBandFromV1(childAgeBand) },
      harmType: 'not-known',
      householdRiskFactors: ['not-known'],
      timeliness: { awarenessToNotification: null, notificationToRapidReview: null, decisionToPublication: null },
    },
    findings: document.findings.map((f) => ({
      ...f,
      // Version 1 findings have no helps/hinders markers: the kind the lead reviewer chose decides.
      findingType: f.kind === 'good-practice' ? 'good-practice' : 'area-for-improvement',
      nationalAttention: false,
      boardActions: null,
    })),
  }
}

/** Any accepted version, as version 2. */
export function asCurrent(document: NationalReturn | NationalReturnV1): NationalReturn {
  return document.formatVersion === 1 ? translateV1(document) : document
}
