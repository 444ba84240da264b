// The phrases the language check looks for, why each matters, and the systemic reframing it suggests.
// Patterns are case-insensitive and allow any whitespace (including line breaks) between words.

export const LANGUAGE_CATEGORIES = [
  'hindsight', 'counterfactual', 'preventability', 'missed-opportunity', 'blame', 'deficit', 'omission', 'evaluative',
  'misconduct', 'fell-through-gaps', 'child-not-brought', 'instruction', 'certainty',
] as const

export type LanguageCategory = (typeof LANGUAGE_CATEGORIES)[number]

export const LANGUAGE_CATEGORY_LABELS: Readonly<Record<LanguageCategory, string>> = {
  hindsight: 'Hindsight',
  counterfactual: 'Counterfactual',
  preventability: 'Preventability',
  'missed-opportunity': 'Missed opportunity',
  blame: 'Blame',
  deficit: 'Deficit',
  omission: 'Omission',
  evaluative: 'Verdict on practice',
  misconduct: 'Misconduct',
  'fell-through-gaps': 'Fell through the gaps',
  'child-not-brought': 'Was not brought',
  instruction: 'Instruction',
  certainty: 'Certainty',
}

/**
 * The four original categories each newer one grew out of. Dismissal keys use the family, so a dismissal
 * recorded before a rule moved into a narrower category still matches the same phrase in the same sentence.
 */
export const LANGUAGE_CATEGORY_FAMILY: Readonly<Record<LanguageCategory, 'hindsight' | 'blame' | 'instruction' | 'certainty'>> = {
  hindsight: 'hindsight',
  counterfactual: 'hindsight',
  preventability: 'hindsight',
  'missed-opportunity': 'hindsight',
  blame: 'blame',
  deficit: 'blame',
  omission: 'blame',
  evaluative: 'blame',
  misconduct: 'blame',
  'fell-through-gaps': 'blame',
  'child-not-brought': 'blame',
  instruction: 'instruction',
  certainty: 'certainty',
}

export interface RuleContext {
  /** The sentence text before the phrase, from the start of its clause (after the last ; : or dash). */
  clauseBefore: string
  /** The sentence text after the phrase. */
  after: string
  /** The matched phrase as written. */
  phrase: string
  /** The whole sentence. */
  sentence: string
}

export interface LanguageRule {
  id: string
  category: LanguageCategory
  pattern: RegExp
  reason: string
  suggestion: string | ((context: RuleContext) => string)
  /** Extra test for uses of the words that are not a problem. */
  accept?: (context: RuleContext) => boolean
}

// Apostrophes as typed or as autocorrected.
const APOS = "['’]"
const HAVE = `(?:\\s+have|${APOS}ve)\\b`
const HEDGE = '(?:\\s+(?:also|really|perhaps|probably|certainly|surely|reasonably|ideally|easily|at\\s+least))?'

function rx(source: string): RegExp {
  return new RegExp(source, 'giu')
}

/** Verbs whose "-ing" form doubles the last letter though the simple rule below would not. */
const DOUBLED = new Set(['refer', 'transfer', 'admit', 'commit', 'omit', 'permit', 'submit', 'occur', 'control', 'prefer', 'regret', 'compel', 'patrol', 'forget', 'begin'])

/** share → sharing, refer → referring, stop → stopping, see → seeing. Good enough for a suggestion. */
export function gerund(verb: string): string {
  const word = verb.toLowerCase()
  if (word === 'be') return 'being'
  if (DOUBLED.has(word)) return `${word}${word.slice(-1)}ing`
  if (word.endsWith('ie')) return `${word.slice(0, -2)}ying`
  if (/(?:ee|ye|oe)$/.test(word)) return `${word}ing`
  if (/[^aeiou]e$/.test(word)) return `${word.slice(0, -1)}ing`
  if (word.length <= 4 && /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(word)) return `${word}${word.slice(-1)}ing`
  return `${word}ing`
}

const FAILED_SUGGESTION = (context: RuleContext): string => {
  const verb = /^\s+(?:\p{L}+ly\s+)?(\p{L}+)/u.exec(context.after)?.[1]
  if (verb !== undefined && /^attend/i.test(verb)) {
    return 'Children are not responsible for getting to appointments: say the child was not brought, and describe what made the appointment hard for the family to keep.'
  }
  const action = verb === undefined ? 'this' : gerund(verb)
  return `Describe what made ${action} harder at the time: what the system asked of them, what they knew, what got in the way.`
}

function lowerFirst(text: string): string {
  // Keep acronyms such as GP or NHS as they are.
  return /^\p{Lu}\p{Lu}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1)
}

/**
 * Offers the instruction back as a board question. "X must ensure that Y." becomes "How can the board be assured
 * that Y?"; "Agencies must share Z." becomes "How can the board help agencies to share Z?"; anything less
 * regular gets the general prompt.
 */
const BOARD_QUESTION = (context: RuleContext): string => {
  const rest = context.after.replace(/\s+/g, ' ').replace(/\s*[.!]+\s*$/u, '').trim()
  const ensure = /^(?:ensure|make\s+sure)\s+(?:that\s+)?(.{4,})$/iu.exec(rest)
  if (ensure?.[1] !== undefined) {
    return `Put it as a question for the board: "How can the board be assured that ${ensure[1]}?" Say what systemic problem it addresses.`
  }
  const subject = context.clauseBefore.replace(/\s+/g, ' ').trim()
  const plainSubject = /^[\p{L}'’ -]+$/u.test(subject) && subject.split(' ').length <= 6 && !/\bboard\b/iu.test(subject)
  const plainVerb = /^\p{Ll}+\b/u.test(rest) && !/^(?:not|never|be|been|have|always|also|only|really)\b/iu.test(rest)
  if (plainSubject && plainVerb && rest.length > 0) {
    return `Put it as a question for the board, for example: "How can the board help ${lowerFirst(subject)} to ${rest}?" Say what systemic problem it addresses.`
  }
  return 'Put it as a question for the board, such as "How can the board be assured that …?", and say what systemic problem it addresses, rather than adding an instruction.'
}

const HINDSIGHT_SUGGESTION =
  'Describe what was known and expected at the time, and what made the action taken seem reasonable then.'

// Reporting verbs: "the meeting agreed that the child should be seen" describes the plan, not an instruction.
const NARRATIVE_REPORT =
  /\b(?:said|agreed|decided|stated|recorded|noted|thought|felt|believed|advised|recommended|planned|expected|required|told|asked|understood|assumed|knew|considered|concluded|suggested|explained|insisted|wrote|instructed|directed|specified|says|states|requires|specifies|sets\s+out|set\s+out|expects|stipulates)\b[^,;]*$/iu

function notNarrative(context: RuleContext): boolean {
  return !NARRATIVE_REPORT.test(context.clauseBefore)
}

function notQuestion(context: RuleContext): boolean {
  return !/\?\s*["'”’)]*\s*$/u.test(context.sentence)
}

/** Something other than a person or team as the subject: "the recording system did not alert …". */
export const SYSTEM_SUBJECT =
  /\b(?:system|systems|process|processes|procedure|procedures|form|forms|tool|tools|software|database|arrangements?|pathway|protocol|guidance|policy|policies|template|alert|alerts|order|legislation|law|threshold|criteria|rota|records?|app|algorithm|IT)(?:['’]s)?\s+(?:\p{L}+ly\s+)?$/iu

/**
 * The things a procedure governs: "a referral must include consent", "each notification must be sent …". A definite
 * or possessive subject ("the plan must change", "her assessment must …") is this case's instruction, not a rule.
 */
const PROCEDURAL_SUBJECT =
  /(?<!\b(?:the|this|that|these|those|her|his|their|its|our)\s+)\b(?:referrals?|notifications?|forms?|applications?|requests?|plans?|records?|reports?|assessments?|strategy\s+(?:discussions?|meetings?)|conferences?|meetings?|consent|visits?|checks?|checklists?|reviews?|minutes|agendas?|letters?|invitations?|cases?|the\s+decision|decisions?|hand-?overs?)\s+$/iu

/** A rule quoted as the frame: "Under the local procedures, …", "In line with Working Together, …". */
const PROCEDURAL_FRAME =
  /\b(?:under|according\s+to|in\s+line\s+with|in\s+accordance\s+with|as\s+set\s+out\s+in|as\s+required\s+by|by\s+law|by\s+statute)\b[^;]*(?:procedures?|guidance|policy|policies|protocol|Working\s+Together|regulations?|legislation|law|Act|statut\p{L}*|standards?|framework|threshold|rules?|statute)\b/iu

/** A deadline or frequency after the modal: "must be held within one working day". */
const PROCEDURAL_TIMING =
  /^\s+(?:not\s+)?be\s+\p{L}+\s+(?:[^,;]{0,60}?\s+)?(?:within|no\s+later\s+than|at\s+least\s+every|every|before|by\s+(?:the\s+)?(?:end|day|date|time)|in\s+writing)\b/iu

/** An indefinite procedural subject with its qualifier: "A referral to children's social care must …". */
const QUALIFIED_PROCEDURAL_SUBJECT =
  /^\s*(?:an?|each|every|any|all)\s+(?:referrals?|notifications?|applications?|requests?|assessments?|plans?|records?|reports?)\s+(?:to|from|for|about|of|under|by)\s+[^,;]{0,60}$/iu

/** A qualification held as a precondition: "must hold a current first aid certificate before a placement …". */
const QUALIFICATION_PRECONDITION =
  /^\s+(?:hold|have|obtain|complete|undertake|pass)\b[^;]{0,80}?\b(?:certificates?|qualifications?|DBS|registration|accreditation|licen[cs]e)\b[^;]{0,40}?\b(?:before|prior\s+to|in\s+order\s+to|until)\b/iu

/** Describes a requirement of procedure or law rather than instructing anyone: not a finding's voice. */
export function isRequirement(context: RuleContext): boolean {
  const before = context.sentence.slice(0, context.sentence.length - context.after.length - context.phrase.length)
  return (
    PROCEDURAL_SUBJECT.test(context.clauseBefore) ||
    QUALIFIED_PROCEDURAL_SUBJECT.test(context.clauseBefore) ||
    PROCEDURAL_FRAME.test(before) ||
    PROCEDURAL_TIMING.test(context.after) ||
    QUALIFICATION_PRECONDITION.test(context.after)
  )
}

export const LANGUAGE_RULES: readonly LanguageRule[] = [
  {
    id: 'should-have',
    category: 'hindsight',
    pattern: rx(`\\bshould(?:n${APOS}t|\\s+not|\\s+never)?${HEDGE}${HAVE}(?!\\s+to\\b)`),
    reason: 'Judges past practice by what is known now, after the outcome.',
    suggestion: HINDSIGHT_SUGGESTION,
  },
  {
    id: 'could-have',
    category: 'hindsight',
    pattern: rx(`\\bcould${HEDGE}${HAVE}`),
    reason: 'Implies the outcome was avoidable by one person acting differently, judged with knowledge of the outcome.',
    suggestion: HINDSIGHT_SUGGESTION,
    // "The bruise could have been caused by a fall" weighs an explanation; "What could have helped?" asks about the system.
    accept: (c) =>
      !/^\s+(?:been\s+(?:caused|due|accidental|an?\s+accident|the\s+(?:result|cause)|consistent|explained|innocent|genuine|a\s+sign|an\s+indication|related|linked|from)|happened|occurred|arisen|come\s+from)\b/iu.test(c.after) &&
      !/\b(?:what|how|which)\s+$/iu.test(c.clauseBefore),
  },
  {
    id: 'would-have',
    category: 'counterfactual',
    // Only where "would have" claims a counterfactual result or passes judgement, not in reported plans or wishes.
    pattern: rx(
      `\\bwould(?:\\s+(?:surely|certainly|probably|definitely|undoubtedly|clearly|likely))?${HAVE}\\s+` +
        '(?:been\\s+(?:better|different|obvious|clear|apparent|evident|appropriate|preferable|prudent|wise|advisable|expected|good\\s+practice|safer|possible\\s+to|right)' +
        '|prevented|avoided|saved|changed|altered|spotted|identified|recognised|recognized|picked\\s+up|noticed|realised|realized|known|acted|intervened|protected|stopped|made\\s+(?:a|the|all\\s+the)\\s+difference|led\\s+to|resulted\\s+in)\\b',
    ),
    reason: 'States as certain what a different action would have achieved; that can only be guessed with hindsight.',
    suggestion: 'Say what difference another response might have made and how sure the review is, and what in the system made that response less likely.',
  },
  {
    id: 'ought-to-have',
    category: 'hindsight',
    pattern: rx(`\\bought(?:n${APOS}t|\\s+not)?\\s+to${HAVE}`),
    reason: 'Judges past practice by what is known now, after the outcome.',
    suggestion: HINDSIGHT_SUGGESTION,
  },
  {
    id: 'if-only',
    category: 'hindsight',
    pattern: rx('\\bif\\s+only\\b'),
    reason: 'Suggests one different act would have changed the outcome, which hides the wider causes.',
    suggestion: 'Describe the conditions that made the outcome more likely, at each level of the system.',
    // "…if only to check the child was safe" is a different idiom.
    accept: (c) => !/^\s+(?:to|because|for|as|in\s+part|partly|briefly|\p{L}+ly\b)/iu.test(c.after),
  },
  {
    id: 'in-hindsight',
    category: 'hindsight',
    pattern: rx('\\b(?:in|with)\\s+(?:the\\s+(?:benefit|clarity)\\s+of\\s+)?(?:hindsight|retrospect)\\b'),
    reason: 'Uses knowledge of the outcome to judge decisions made without it.',
    suggestion: 'Set out what was knowable at the time (the view in the tunnel) and why the pattern was hard to see then.',
    // "It is easy, with hindsight, to …" and "only with hindsight" name the bias rather than use it.
    accept: (c) =>
      !/\b(?:easy|easier|tempting|only|simple|natural|risk|danger|trap)\b[\s,]*(?:[\p{L}'’]+[\s,]+){0,3}$/iu.test(c.clauseBefore) &&
      // A practitioner's own reflection that names hindsight: "the manager reflected that, with hindsight, …".
      !(PRACTITIONER_REFLECTION.test(c.sentence) && !REVIEW_VOICE.test(c.sentence)),
  },
  {
    id: 'failed-to',
    category: 'blame',
    pattern: rx('\\b(?:fail(?:ed|s|ing)?|failures?)\\s+(?:\\p{L}+ly\\s+)?to\\b|\\bneglected\\s+to\\b|\\bfailures?\\s+(?:by|of|on\\s+the\\s+part\\s+of)\\s+(?:the\\s+)?[\\p{L}’\'-]+(?:\\s+[\\p{L}’\'-]+){0,3}?\\s+to\\b'),
    reason: 'Frames what happened as a personal failing instead of asking why it made sense at the time.',
    suggestion: FAILED_SUGGESTION,
    // "The recording system failed to alert the health visitor" is already a systemic statement.
    accept: (c) =>
      !SYSTEM_SUBJECT.test(c.clauseBefore) &&
      !/^failures?\s+(?:by|of|on\s+the\s+part\s+of)\s+(?:the\s+)?(?:\p{L}+\s+)?(?:system|systems|process|procedure|form|tool|software|database|arrangements?|pathway|protocol|guidance|policy|template|alerts?|records?|IT)\b/iu.test(c.phrase) &&
      // Clinical terms: "failure to thrive", "failed to gain weight", "failure to progress" in labour.
      !/^\s+(?:thrive|gain|grow|progress|put\s+on\s+weight|regain|wean|feed|respond\s+to\s+(?:treatment|antibiotics|medication|the\s+treatment)|reach\s+(?:\p{L}+\s+)?milestones|meet\s+(?:\p{L}+\s+)?milestones|develop|heal|fuse|close|descend|void|settle)\b/iu.test(c.after),
  },
  {
    id: 'human-error',
    category: 'blame',
    pattern: rx('\\b(?:human|individual|practitioner|professional|personal)\\s+errors?\\b|\\berrors?\\s+of\\s+judge?ment\\b'),
    reason: 'Stops the analysis at the individual; a systems review asks what made the error likely.',
    suggestion: 'Name the conditions that made this action likely: workload, tools, information, supervision, or how agencies work together.',
  },
  {
    id: 'must-have',
    category: 'certainty',
    pattern: rx(`\\bmust${HAVE}`),
    reason: 'Presents an inference as fact.',
    suggestion: 'Say what the evidence suggests and how sure the review is.',
    // "Staff must have completed level 3 training", "every child must have a named worker": requirements.
    accept: (c) =>
      !isRequirement(c) &&
      !/^\s+(?:a|an|at\s+least|access|regard|sight|their\s+own)\b/iu.test(c.after) &&
      !(/^\s+(?:completed|undertaken|attended|received|passed|obtained|achieved|had|held|been\s+(?:trained|checked|vetted|approved|registered|cleared|signed\s+off|assessed))\b/iu.test(c.after) &&
        /\b(?:training|course|qualifications?|qualified|level\s+\d|DBS|induction|before|prior\s+to|registration|competenc\p{L}+)\b/iu.test(c.after)),
  },
  {
    id: 'must',
    category: 'instruction',
    pattern: rx(`\\bmust(?:n${APOS}t)?\\b(?!${HAVE})(?!-)`),
    reason: 'Reads as an instruction. Instructions tend to add procedure without changing the conditions that shaped practice.',
    suggestion: BOARD_QUESTION,
    accept: (c) => notNarrative(c) && notQuestion(c) && !/\ba\s+$/iu.test(c.clauseBefore) && !isRequirement(c),
  },
  {
    id: 'should',
    category: 'instruction',
    pattern: rx(`\\bshould(?:n${APOS}t)?\\b(?!(?:\\s+(?:not|never))?${HEDGE}(?:\\s+have(?!\\s+to\\b)|${APOS}ve)\\b)`),
    reason: 'Reads as an instruction. Instructions tend to add procedure without changing the conditions that shaped practice.',
    suggestion: BOARD_QUESTION,
    accept: (c) =>
      notNarrative(c) &&
      notQuestion(c) &&
      !isRequirement(c) &&
      // "Should the family move, …" is a condition; "as it should" describes; "it should be noted" is a turn of phrase.
      c.clauseBefore.trim() !== '' &&
      !/\b(?:as|if|in\s+case|lest)\s+(?:[\p{L}'’]+\s+){0,4}$/iu.test(c.clauseBefore) &&
      !/^\s+be\s+(?:noted|said|stressed|emphasi[sz]ed|remembered|recogni[sz]ed|borne\s+in\s+mind|acknowledged|added)\b/iu.test(c.after),
  },
  {
    id: 'need-to',
    category: 'instruction',
    pattern: rx('\\bneeds?\\s+to\\b'),
    reason: 'Reads as an instruction. Instructions tend to add procedure without changing the conditions that shaped practice.',
    suggestion: BOARD_QUESTION,
    // "the need to share" and "there is no need to" use "need" as a noun.
    accept: (c) => notNarrative(c) && notQuestion(c) && !/\b(?:the|a|an|no|any|this|that|their|its|of|without|little|great|clear|urgent)\s+$/iu.test(c.clauseBefore),
  },
  {
    id: 'ought-to',
    category: 'instruction',
    pattern: rx(`\\bought(?:n${APOS}t|\\s+not)?\\s+to\\b(?!${HAVE})`),
    reason: 'Reads as an instruction. Instructions tend to add procedure without changing the conditions that shaped practice.',
    suggestion: BOARD_QUESTION,
    accept: (c) => notNarrative(c) && notQuestion(c),
  },
  {
    id: 'it-is-essential',
    category: 'instruction',
    pattern: rx('\\bit\\s+is\\s+(?:essential|vital|imperative|crucial)\\s+that\\b'),
    reason: 'Reads as an instruction. Instructions tend to add procedure without changing the conditions that shaped practice.',
    suggestion: BOARD_QUESTION,
  },
  {
    id: 'clearly-missed',
    category: 'certainty',
    pattern: rx('\\bclearly\\s+missed\\b'),
    reason: 'Treats a sign as obvious and missed; it was probably far less clear at the time.',
    suggestion: 'Describe what information was available, where it was held, and what made its significance hard to see at the time.',
  },
  {
    id: 'obviously',
    category: 'certainty',
    pattern: rx('\\bobvious(?:ly)?\\b'),
    reason: 'Presents as obvious something that was probably not obvious at the time.',
    suggestion: 'Say what the evidence shows and how it could have been seen at the time, without calling it obvious.',
    accept: (c) => !/\b(?:less|far\s+from|hardly)\s+$/iu.test(c.clauseBefore),
  },
  {
    id: 'clearly',
    category: 'certainty',
    pattern: rx('\\bclearly\\b'),
    reason: 'Presents a judgement as beyond doubt; it was probably less clear at the time.',
    suggestion: 'Say what the evidence shows and how it could have been seen at the time, without "clearly".',
    // "Clearly labelled", "explained clearly": how something was done, not a judgement.
    accept: (c) =>
      !/^\s+(?:label(?:l)?ed|marked|recorded|written|explained|stated|set\s+out|laid\s+out|documented|described|defined|visible|audible|legible|signposted|displayed|printed|presented|communicated|identified|structured|worded|titled|headed|expressed|articulated|outlined|and\s+(?:simply|concisely|accurately|plainly))\b/iu.test(c.after) &&
      !/\b(?:speak|speaks|spoke|spoken|speaking|write|writes|wrote|written|writing|explain|explains|explained|explaining|state|states|stated|set\s+out|label(?:l)?ed|marked|record|recorded|recording|communicate|communicates|communicated|communicating|describe|describes|described|documented|present|presented|hear|heard|see|saw|seen|think|thinking|define|defined|express|expressed|articulate|articulated|more|less|how|as)\s+$/iu.test(c.clauseBefore),
  },
  {
    id: 'evidently',
    category: 'certainty',
    pattern: rx('\\b(?:evidently|self-evident(?:ly)?|undoubtedly|unquestionably)\\b'),
    reason: 'Presents a judgement as beyond doubt; it was probably less clear at the time.',
    suggestion: 'Say what the evidence shows and how sure the review is.',
  },
]

/** Negation just before the phrase: "not human error", "no obvious sign", "nobody could have known", "no single agency could have known". */
export const DIRECT_NEGATION =
  /(?:\b(?:not|no|never|nor|nobody|none|neither|without|cannot|hardly)|n['’]t|\bno[\s-]+one)\s+(?:\p{L}+\s+){0,2}$/iu

/** A practitioner or family member reflecting or speaking, anywhere in the sentence. */
const PRACTITIONER_REFLECTION =
  /\b(?:reflected|reflects|acknowledged|acknowledges|said|says|told|recalled|recalls|admitted|admits|felt|feels|thought|explained|described|commented|conceded|accepted)\b/iu

/** Statements about the review's own stance, anywhere earlier in the clause: "this is not about …". */
export const META_STATEMENT = [
  /\bnot\s+(?:about|because\s+of|due\s+to|down\s+to|a\s+(?:question|matter|case|story|result|product)\s+of|the\s+(?:result|product|cause)\s+of|to\s+(?:say|suggest|imply|blame|criticise|criticize|judge|ask|find|conclude|look\s+for))\b/iu,
  /\b(?:does|did|do|will|would|should|can|could|is|are|was|were)(?:\s+not|n['’]t)\s+(?:\p{L}+\s+)?(?:conclude|concluding|find|finding|suggest|suggesting|say|saying|mean|imply|implying|claim|seek|seeking|aim|intend|judge|judging|attribute|blame|blaming|ask|asking|argue|accept|believe|think|use|using|consider|look\s+for|looking\s+for|point\s+to|show|indicate|support)\b/iu,
  /\b(?:rather\s+than|instead\s+of)\s+(?:[\p{L}'’]+\s+){0,5}$/iu,
  /\bwithout\s+(?:\p{L}+\s+)?(?:suggesting|implying|saying|concluding|judging|blaming|asking|assuming)\b/iu,
  /\bno\s+(?:evidence|suggestion|finding|indication|sense|criticism|implication|question|intention|attempt)\b/iu,
  /\b(?:avoid|avoids|avoided|avoiding|resist|resists|resisted|resisting)\b/iu,
  /\b(?:phrases?|words?|language|terms?|wording|expressions?)\s+(?:such\s+as|like)\b/iu,
  /\bwhether\b/iu,
  /\b(?:nothing|no\s+one|nobody|none\s+of\s+the\s+\p{L}+)\b[^;]*\b(?:suggests?|suggested|indicates?|indicated|shows?|showed|supports?|means?)\b/iu,
]

/**
 * "The social worker told the review she should have visited": the practitioner's words, reported. Only when
 * no comma comes between the verb and the phrase, so "Although the mother said she was coping, the health
 * visitor should have …" is still the reviewer's judgement.
 */
export const REPORTED_SPEECH =
  /\b(?:said|says|told|tells|reflected|reflects|recalled|recalls|acknowledged|acknowledges|admitted|admits|commented|comments|felt|feels|replied|replies|answered|explained|explains|described|describes|wrote|writes|remembered|conceded|concedes)\b(?:[^,;]*|\s+that\s*,[^,;]*,[^,;]*)$/iu
/** The review itself as the speaker ("the review felt …", "it was felt …"), which stays the reviewer's voice. */
export const REVIEW_VOICE =
  /\b(?:review(?:er|ers)?|review\s+team|panel|authors?|we|this\s+report)\s+(?:\p{L}+\s+)?(?:said|says|felt|feels|acknowledged|acknowledges|commented|comments|reflected|reflects|recalled|recalls|admitted|admits|told|tells)\b|\b(?:was|were|is|are|been)\s+(?:felt|said|acknowledged)\b/iu
