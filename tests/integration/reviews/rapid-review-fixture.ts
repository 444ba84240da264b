// A complete, fictional rapid review in the API's shape, shared by the rapid review tests.
export const COMPLETE = {
  facts: {
    child: 'Child P, aged 2, lived with her mother and older brother.',
    household: 'Mother; Sibling A (aged 6); mother’s partner stayed most nights.',
    agencies: ['Police', 'Health visiting', 'Children’s social care'],
    incident: 'Child P was taken to hospital with a head injury that doctors thought was not accidental.',
    incidentDate: '2026-01-10',
    becameAware: '2026-01-12',
  },
  immediateSafeguarding: [
    { action: 'Sibling A placed with maternal grandmother under a safety plan', for: 'Sibling A', by: 'Children’s social care', date: '2026-01-11', done: true },
    { action: 'Strategy discussion and section 47 enquiry', for: 'Child P and Sibling A', by: 'Police and children’s social care', date: '2026-01-11', done: true },
  ],
  learning: { goodPractice: 'The hospital’s safeguarding team made the referral within the hour.', toImprove: 'Information about the partner was held by three agencies and not brought together.' },
  criteria: [
    { criterion: 'agencies-working-together', met: true, note: 'Three agencies held information about the partner.' },
    { criterion: 'recurrent-themes', met: true, note: 'Unseen men recur in local reviews.' },
    { criterion: 'complex-or-national', met: false },
  ],
  decision: 'lcspr',
  decisionReasons: 'How information about a new partner moves between agencies may show learning beyond this case.',
  decisionDate: '2026-01-30',
  signOff: [
    { partner: 'local-authority', name: 'Dana Okafor', role: 'Director of Children’s Services', date: '2026-01-30' },
    { partner: 'police', name: 'Det Supt Ryan Hale', role: 'Head of Public Protection', date: '2026-01-30' },
    { partner: 'health', name: 'Priya Natarajan', role: 'Chief Nurse, integrated care board', date: '2026-02-02' },
  ],
  sentToPanel: '2026-02-03',
  panelResponse: { date: '2026-02-20', text: 'The Panel agrees a local review is the right course.' },
}
