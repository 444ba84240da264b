// Judgements beyond the modal verbs: counterfactuals, preventability, missed or lost opportunities, deficits
// attributed to people, omissions named once the outcome is known, evaluative adjectives about practice,
// misconduct vocabulary, "fell through the gaps" and "did not attend" said of a child. Each rule's `accept`
// keeps out the uses that describe the family's circumstances, a clinical finding or a parallel process.
import { gerund, SYSTEM_SUBJECT, type LanguageRule, type RuleContext } from './language-rules.js'

const APOS = "['’]"

function rx(source: string): RegExp {
  return new RegExp(source, 'giu')
}

/** Words that say the outcome is known in the same sentence. */
const OUTCOME_KNOWN =
  /\b(?:injur(?:y|ies|ed)|harm(?:ed)?|hurt|died|death|dead|killed|fractur\p{L}*|abused|assault(?:ed)?|attack(?:ed)?|collapsed?|hospitali[sz]ed|serious\s+incident|seriously|exposed\s+to|went\s+on\s+to|subsequently|(?:days?|weeks?|months?)\s+later|as\s+a\s+result|resulting|led\s+to|left\s+(?:the|Child|him|her|them)\b|meant\s+that|where\s+the\s+\p{L}+\s+(?:injury|harm|assault))/iu

/**
 * An omission judged against a standard even without the outcome in the sentence: a procedure "not followed", or a
 * safeguarding referral or concern "not shared" with another service, stated without its reason.
 */
const PROCEDURE_NOT_FOLLOWED =
  /^\s+(?:the\s+|its\s+|their\s+|local\s+)?(?:[\p{L}-]+\s+){0,3}(?:procedures?|polic(?:y|ies)|guidance|strategy|protocol|pathway|plan|process|toolkit)\b/iu
const SAFEGUARDING_NOT_SHARED =
  /^\s+(?:the|this|that|a|any|these|her|his|their)\s+(?:[\p{L}-]+\s+){0,2}(?:referral|concerns?|disclosure|information)\s+with\b/iu
const REASON_GIVEN = /\b(?:because|as\s+(?:the|she|he|they|it)|since|due\s+to|owing\s+to|consent|on\s+(?:the\s+)?advice)\b/iu
const FAMILY_SUBJECT = /\b(?:mother|father|parents?|carers?|family|grandm\p{L}+|grandf\p{L}+|aunt|uncle|partner|stepfather|stepmother|child|Child\s+\p{Lu}\p{L}*)(?:['’]s)?\s+(?:\p{L}+ly\s+)?$/iu

function isComplianceVerdict(c: RuleContext): boolean {
  if (FAMILY_SUBJECT.test(c.clauseBefore) || REASON_GIVEN.test(c.after)) return false
  if (/follow$/iu.test(c.phrase)) return PROCEDURE_NOT_FOLLOWED.test(c.after)
  if (/share$/iu.test(c.phrase)) return SAFEGUARDING_NOT_SHARED.test(c.after)
  return false
}

/** The head of the clause before a phrase names a child: "Child R", "the baby", "the children". */
const CHILD_SUBJECT =
  /(?:\bchild(?:ren)?|\bbab(?:y|ies)|\binfant|\btoddler|\bChild\s+\p{Lu}\p{L}*|\bboy|\bgirl|\bson|\bdaughter|\bsiblings?|\btwins|\bpupil|\byoung\s+(?:person|people)|\b(?:his|her|their)\s+(?:brother|sister))(?:['’]s)?\s+(?:\p{L}+ly\s+|also\s+|then\s+)?$/u

/** Nouns for what a person brings to the work; a lack of them is a judgement about people. */
const HUMAN_QUALITY =
  '(?:(?:professional|management|managerial|manager|senior|multi-agency|effective|sufficient|appropriate|any|real|proper|clear|robust)\\s+)*' +
  '(?:curiosity|challenge|understanding|oversight|rigou?r|urgency|grip|focus|awareness|knowledge|insight|skills?|competence|judge?ment|ownership|leadership|drive|attention|thoroughness|professionalism|empathy|persistence|tenacity|assertiveness|scrutiny|analysis|reflection|follow[-\\s]up|escalation|communication|information[-\\s]sharing|co-?ordination|liaison|engagement|care|diligence|accountability|responsibility|commitment|interest|concern|confidence|experience|expertise)'

/** Conditions of the family's life, not practice: "inadequate housing", "poor weight gain". */
const FAMILY_CONDITION =
  /^\s+(?:and\s+\p{L}+\s+)?(?:housing|accommodation|heating|diet|nutrition|food|clothing|bedding|hygiene|home\s+conditions|conditions|sleeping\s+arrangements|income|weight(?:\s+gain)?|growth|feeding|sleep|attendance|health|mental\s+health|parenting|parental\s+supervision|supervision\s+(?:of|by)\s+(?:the\s+)?(?:child|children|parents?|mother|father|carers?)|heating|furniture|space|hygiene|boundaries|diet)\b/iu

/** Nouns naming professional practice, for "the quality of the investigation was poor". */
const PRACTICE_NOUN =
  '(?:practice|recording|record[-\\s]keeping|records|assessments?|communication|information[-\\s]sharing|decision[-\\s]making|judge?ments?|management|oversight|supervision|response|responses|liaison|planning|investigation|work|performance|handover|follow[-\\s]up|handling|quality|standard|analysis|safety\\s+planning|care\\s+planning|multi-agency\\s+working|leadership|enquiries|inquiries|checks)'

const POOR_BEFORE_NOUN = new RegExp(`^\\s+(?:quality\\s+|standard\\s+of\\s+|standards\\s+of\\s+)?${PRACTICE_NOUN}\\b`, 'iu')
const PRACTICE_THEN_COPULA = new RegExp(
  `\\b${PRACTICE_NOUN}\\b[^,;:]{0,80}?\\b(?:was|were|is|are|had\\s+been|has\\s+been|have\\s+been|remained|seemed|appeared)\\s+(?:\\p{L}+ly\\s+)?$`,
  'iu',
)

/** "Rated inadequate by Ofsted": an inspectorate's published grade, reported. */
const INSPECTION_GRADE = /\b(?:rated|judged|graded|found\s+to\s+be|deemed|assessed\s+as|inspected\s+as)\s+$/iu

/** Legal and employment processes named as facts, not the review's own verdict. */
const PARALLEL_PROCESS_AFTER = /^\s+(?:claims?|proceedings|hearings?|investigations?|panels?|allegations?|cases?|actions?|inquir(?:y|ies)|process(?:es)?|charges?|lawyers?|solicitors?)\b/iu
const PARALLEL_PROCESS_BEFORE =
  /\b(?:clinical|alleged|allegations?\s+of|claims?\s+of|proceedings\s+for|offences?\s+of)\s+(?:\p{L}+\s+)?$|\b(?:investigated|arrested|charged|convicted|prosecuted|cautioned|accused|suspected|interviewed|tried)\b[^,;]{0,40}\b(?:for|of|with)\s+(?:\p{L}+\s+)?$/iu

/** What the harm or outcome is called: the subject of "… was preventable". */
const HARM_SUBJECT =
  /(?:\b(?:death|deaths|tragedy|harm|injur(?:y|ies)|outcome|incident|events?|abuse|neglect|escalation|violence|consequences?|loss|suffering|fatality|assault|attack|homicide|what\s+happened)\b[^,;]{0,60}?|^\s*(?:this|it|that|all\s+of\s+this)\s+)\b(?:was|were|is|are|had\s+been|has\s+been|have\s+been|seemed|appeared|became|be|being|been)\s+(?:not\s+)?(?:\p{L}+ly\s+|all\s+too\s+|quite\s+|very\s+|both\s+)?$/iu

const COUNTERFACTUAL_SUGGESTION =
  'A counterfactual can only be guessed. Say what difference another response might have made, how sure the review is, and what in the system made that response less likely.'
const PREVENTABILITY_SUGGESTION =
  'Leave preventability to other processes. Describe what was known at the time, what made the risk hard to see or act on, and what would make a different response more likely now.'
const MISSED_SUGGESTION =
  'Describe the moment as a key practice episode: what information was available, where it was held, and what made acting on it hard at the time.'
const DEFICIT_SUGGESTION = (c: RuleContext): string => {
  // The quality said to be missing: in the phrase ("a lack of challenge") or just before it ("oversight was lacking").
  const quality = new RegExp(`${HUMAN_QUALITY}`, 'iu')
  const what = (quality.exec(c.phrase.replace(/^.*?\black(?:ed|s|ing)?\s+(?:of\s+)?/iu, '')) ?? quality.exec(c.clauseBefore))?.[0]
  return `Describe what made ${what === undefined ? 'this' : what.toLowerCase()} harder at the time: caseloads, supervision, tools, information, or how the family responded.`
}
const OMISSION_SUGGESTION = (c: RuleContext): string => {
  const verb = /(\p{L}+)$/u.exec(c.phrase.replace(/\s+(?:safe|the\s+\p{L}+|Child\s+\p{L}+|him|her|them|on|action)$/iu, ''))?.[1]
  return `Judged with the outcome in view. Describe what was known when the decision was made and what made ${verb === undefined ? 'acting' : gerund(verb)} harder then.`
}
const EVALUATIVE_SUGGESTION =
  'Describe the practice and the conditions around it (what was expected, what was done, what got in the way) and let the reader weigh it.'
const MISCONDUCT_SUGGESTION =
  'Questions of individual conduct belong to disciplinary or legal processes. Describe the practice and the conditions that shaped it.'

export const JUDGEMENT_RULES: readonly LanguageRule[] = [
  {
    id: 'would-still-be-alive',
    category: 'counterfactual',
    pattern: rx('\\bwould\\s+(?:still\\s+be\\s+alive|not\\s+have\\s+died|still\\s+be\\s+here|be\\s+alive\\s+today|have\\s+survived|not\\s+have\\s+been\\s+(?:harmed|hurt|injured|killed))\\b'),
    reason: 'Claims with certainty what would have happened in another world; that can only be guessed, after the outcome.',
    suggestion: COUNTERFACTUAL_SUGGESTION,
  },
  {
    id: 'conditional-would-have',
    category: 'counterfactual',
    // "Had the GP shared the letter, the injury would not have happened"; "If the worker had seen him alone, the neglect would have been identified".
    pattern: rx(`\\bwould(?:\\s+(?:surely|certainly|probably|definitely|undoubtedly|likely|almost\\s+certainly))?(?:\\s+not|\\s+never|n${APOS}t)?(?:\\s+have|${APOS}ve)\\b`),
    reason: 'Claims what a different action would have achieved; that can only be guessed, after the outcome.',
    suggestion: COUNTERFACTUAL_SUGGESTION,
    accept: (c) => {
      const before = c.sentence.slice(0, c.sentence.length - c.after.length - c.phrase.length)
      const conditional =
        /(?:^|[,;]\s*|\b(?:and|but)\s+)had\s+(?!to\b|been\s+told\b)\p{L}/iu.test(before) ||
        /\bif\s+(?:only\s+)?[^,;]*\b(?:had|hadn['’]t)\s+(?:not\s+)?\p{L}/iu.test(before) ||
        /\bbut\s+for\b/iu.test(before) ||
        /^[^,;]*\bif\s+[^,;]*\b(?:had|hadn['’]t)\s+(?:not\s+)?\p{L}/iu.test(c.after) ||
        /^\s+\S[^,;]*\s+had\s+(?!been\s+told\b)(?:the|a|an|she|he|they|we|someone|anyone|any|another|Child\s+\p{Lu}|\p{Lu}\p{L}+)\b/u.test(c.after)
      return conditional && !/\b(?:what|how|which|whether)\b[^,;]*$/iu.test(c.clauseBefore)
    },
  },
  {
    id: 'could-have-been-prevented',
    category: 'preventability',
    pattern: rx(
      `\\b(?:could|might|should|would)(?:\\s+(?:\\p{L}+ly|easily|well))?(?:\\s+have|${APOS}ve)\\s+been\\s+(?:(?:\\p{L}+ly)\\s+)?(?:prevented|avoided|predicted|foreseen|anticipated|averted|stopped)\\b`,
    ),
    reason: 'Judges preventability, which can only be seen after the outcome and is not what a systems review asks.',
    suggestion: PREVENTABILITY_SUGGESTION,
  },
  {
    id: 'preventable',
    category: 'preventability',
    pattern: rx('\\b(?:preventab(?:le|ility)|avoidab(?:le|ility)|predictab(?:le|ility)|foreseeab(?:le|ility)|unforeseeable|inevitable)\\b'),
    reason: 'Judges preventability or predictability, which can only be seen after the outcome.',
    suggestion: PREVENTABILITY_SUGGESTION,
    accept: (c) => {
      const predicative = HARM_SUBJECT.test(c.clauseBefore)
      const aboutHarm = /^\s+(?:and\s+\p{L}+\s+)?(?:death|deaths|tragedy|harm|injur(?:y|ies)|outcome|incident|event|abuse|neglect|escalation|consequence|loss|suffering|fatality|assault|attack|homicide)\b/iu.test(c.after)
      const noun = /ility$/iu.test(c.phrase)
      // "a predictable routine", "predictable care": what a child needs, not a judgement.
      const aboutCare = /\b(?:routine|routines|home|care|carer|carers|structure|boundaries|environment|life|relationship|attachment)\s+(?:\p{L}+\s+)?(?:was|were|is|are)\s+$/iu.test(c.clauseBefore)
      const inevitable = /^inevitable$/iu.test(c.phrase)
      return (predicative || aboutHarm || noun) && !aboutCare && !(inevitable && !/\bnot\s+$/iu.test(c.clauseBefore) && !aboutHarm && !predicative)
    },
  },
  {
    id: 'missed-opportunity',
    category: 'missed-opportunity',
    pattern: rx(
      '\\b(?:miss(?:ed|ing)|lost|los(?:e|ing)|squander(?:ed|ing)|wast(?:ed|ing))\\s+(?:(?:the|an?|all|these|those|this|that|several|many|two|three|four|five|six|further|other|another|key|important|vital|valuable|significant|real|obvious|clear|early|crucial|repeated|multiple|numerous|\\d+)\\s+)*(?:warning\\s+)?(?:signs?|signals?|opportunit(?:y|ies)|chances?|red\\s+flags?|cues?|indicators?)\\b' +
        '|\\b(?:signs?|signals?|opportunit(?:y|ies)|chances?|red\\s+flags?|indicators?)\\b[^.;:,]{0,80}?\\b(?:was|were|had\\s+been|have\\s+been|has\\s+been|are|is|being)\\s+(?:\\p{L}+ly\\s+)?(?:missed|lost|squandered|wasted|overlooked)\\b' +
        '|\\bopportunit(?:y|ies)\\s+(?:was|were)\\s+not\\s+taken\\b',
    ),
    reason: 'Names a "missed opportunity", which treats the moment as obvious; usually it is clear only after the outcome.',
    suggestion: MISSED_SUGGESTION,
  },
  {
    id: 'lack-of',
    category: 'deficit',
    pattern: rx(`\\b(?:(?:a|the|an\\s+apparent|an\\s+obvious|a\\s+clear|a\\s+marked|a\\s+general|a\\s+complete|a\\s+total|a\\s+real|a\\s+notable|a\\s+striking)\\s+)?lack\\s+of\\s+${HUMAN_QUALITY}\\b|\\black(?:ed|s|ing)\\s+(?:in\\s+)?(?:(?:the|any|sufficient|enough|real|basic)\\s+)?${HUMAN_QUALITY}\\b`),
    reason: 'Attributes a deficit to people ("lack of …"), which stops at a judgement instead of asking what shaped the work.',
    suggestion: DEFICIT_SUGGESTION,
  },
  {
    id: 'was-lacking',
    category: 'deficit',
    pattern: rx('\\b(?:was|were|is|are|had\\s+been|has\\s+been|seemed|appeared)\\s+(?:\\p{L}+ly\\s+|sadly\\s+|also\\s+)?lacking\\b'),
    reason: 'Attributes a deficit to people ("… was lacking"), which stops at a judgement instead of asking what shaped the work.',
    suggestion: DEFICIT_SUGGESTION,
    // "Specialist services were lacking in the north of the county" is about provision, not people.
    accept: (c) => new RegExp(`${HUMAN_QUALITY}(?:\\s+(?:of|from|by|in|on)\\s+[^,;]{0,60}?)?\\s+$`, 'iu').test(c.clauseBefore),
  },
  {
    id: 'did-not-protect',
    category: 'omission',
    pattern: rx(`\\b(?:did\\s+not|didn${APOS}t|never|failed\\s+to)\\s+(?:adequately\\s+|properly\\s+|effectively\\s+|sufficiently\\s+)?(?:protect|safeguard|keep\\s+(?:Child\\s+\\p{Lu}\\p{L}*|the\\s+(?:child|children|baby)|him|her|them)\\s+safe)\\b`),
    reason: 'Names an omission in the light of the outcome; at the time the harm was not known.',
    suggestion: OMISSION_SUGGESTION,
    accept: (c) => !SYSTEM_SUBJECT.test(c.clauseBefore),
  },
  {
    id: 'did-not-act',
    category: 'omission',
    pattern: rx(
      `\\b(?:did\\s+not|didn${APOS}t|never)\\s+(?:adequately\\s+|properly\\s+|effectively\\s+|sufficiently\\s+)?(?:act|share|follow|respond|intervene|escalate|refer|challenge|listen|pass\\s+on|recognise|recognize|identify|consider|check|see\\s+(?:the\\s+)?(?:child|children|baby|Child\\s+\\p{Lu}\\p{L}*)|visit|investigate|take\\s+action)\\b` +
        '|\\bnever\\s+(?:acted|shared|followed|responded|intervened|escalated|referred|challenged|listened|passed\\s+on|recognised|recognized|identified|considered|checked|saw\\s+(?:the\\s+)?(?:child|children|baby|Child\\s+\\p{Lu}\\p{L}*)|visited|investigated|took\\s+action)\\b',
    ),
    reason: 'Names an omission in the light of the outcome; at the time the harm was not known.',
    suggestion: OMISSION_SUGGESTION,
    accept: (c) => !SYSTEM_SUBJECT.test(c.clauseBefore) && (OUTCOME_KNOWN.test(c.sentence) || isComplianceVerdict(c)),
  },
  {
    id: 'inadequate',
    category: 'evaluative',
    pattern: rx('\\b(?:inadequate(?:ly)?|unacceptabl[ey]|sub-?standard|unprofessional(?:ly)?|woeful(?:ly)?|shoddy|sloppy|slapdash|below\\s+(?:the\\s+)?(?:expected\\s+|required\\s+|acceptable\\s+)?standards?|fell\\s+(?:well\\s+|far\\s+|significantly\\s+)?short\\s+of)\\b'),
    reason: 'Passes a verdict on practice; a systems review describes the practice and what shaped it.',
    suggestion: EVALUATIVE_SUGGESTION,
    accept: (c) =>
      !FAMILY_CONDITION.test(c.after) &&
      !INSPECTION_GRADE.test(c.clauseBefore) &&
      // "an unacceptable risk to the children" is a risk judgement recorded at the time.
      !/^\s+(?:levels?\s+of\s+)?risks?\b/iu.test(c.after) &&
      !/\brisks?\b[^,;]*\s+$/iu.test(c.clauseBefore) &&
      !/\b(?:housing|accommodation|home|flat|house|conditions|diet|income)\s+(?:\p{L}+\s+)?(?:was|were|is|are)\s+(?:\p{L}+ly\s+)?$/iu.test(c.clauseBefore),
  },
  {
    id: 'poor-practice',
    category: 'evaluative',
    pattern: rx('\\b(?:poor(?:ly)?|weak|deficient)\\b'),
    reason: 'Passes a verdict on practice; a systems review describes the practice and what shaped it.',
    suggestion: EVALUATIVE_SUGGESTION,
    accept: (c) => {
      if (FAMILY_CONDITION.test(c.after)) return false
      if (/ly$/iu.test(c.phrase)) {
        return /^\s+(?:recorded|planned|managed|co-?ordinated|executed|supervised|communicated|handled|assessed|investigated|documented|led|run|organised|organized|conducted|written|judged|timed)\b/iu.test(c.after)
      }
      return POOR_BEFORE_NOUN.test(c.after) || PRACTICE_THEN_COPULA.test(c.clauseBefore)
    },
  },
  {
    id: 'misconduct',
    category: 'misconduct',
    pattern: rx(
      '\\b(?:to\\s+blame|at\\s+fault|culpab(?:le|ility)|negligen(?:t|tly|ce)|careless(?:ness|ly)?|incompeten(?:t|ce|tly)|reckless(?:ness|ly)?|derelict(?:ion)?(?:\\s+of\\s+(?:duty|their\\s+duty|her\\s+duty|his\\s+duty))?|misconduct|wilful(?:ly)?\\s+(?:neglect|blindness|disregard)|breach(?:ed)?\\s+(?:of\\s+)?(?:their\\s+|her\\s+|his\\s+|a\\s+)?duty|failed\\s+in\\s+(?:their|her|his|its)\\s+duty|irresponsibl[ey])\\b',
    ),
    reason: 'Uses the language of misconduct or negligence, which assigns fault to a person; a systems review sets out to avoid that.',
    suggestion: MISCONDUCT_SUGGESTION,
    accept: (c) => !PARALLEL_PROCESS_AFTER.test(c.after) && !PARALLEL_PROCESS_BEFORE.test(c.clauseBefore),
  },
  {
    id: 'fell-through-gaps',
    category: 'fell-through-gaps',
    pattern: rx('\\b(?:f[ae]ll(?:s|en|ing)?|slip(?:s|ped|ping)?|drop(?:s|ped|ping)?|lost)\\s+(?:through|between|down)\\s+(?:the\\s+)?(?:gaps?|net|cracks?)\\b|\\blost\\s+in\\s+the\\s+system\\b'),
    reason: 'Says a child or information "fell through the gaps", which hides who did what and what the gaps were.',
    suggestion: 'Name the gap: which services, which hand-over or which piece of information, and what in the system let it go unseen.',
  },
  {
    id: 'child-did-not-attend',
    category: 'child-not-brought',
    pattern: rx(`\\b(?:did\\s+not|didn${APOS}t|failed\\s+to|fails\\s+to|does\\s+not|doesn${APOS}t)\\s+attend\\b|\\bDNA(?:${APOS}?d|${APOS}?ed)?\\b|\\bwas\\s+(?:a|recorded\\s+as\\s+(?:a\\s+)?)?DNA\\b`),
    reason: 'Children do not take themselves to appointments; "did not attend" puts the responsibility on the child.',
    suggestion: 'Say the child was not brought, and describe what made the appointment hard for the family to keep and what the service did next.',
    accept: (c) => {
      if (/^DNA/u.test(c.phrase)) return CHILD_SUBJECT.test(c.clauseBefore) || /\bChild\s+\p{Lu}/u.test(c.clauseBefore)
      return CHILD_SUBJECT.test(c.clauseBefore)
    },
  },
]
