import { describe, expect, it } from 'vitest'
import { detectMapping, resolveColumn, validateMapping } from '../../../../methodology/chronology/mapping.js'

describe('detecting the column mapping', () => {
  it('maps a social care extract with a separate time column', () => {
    const headers = ['Contact date', 'Time', 'Worker', 'Contact Type', 'Case note', 'Outcome']
    const rows = [
      ['02/03/2021', '10:15', 'Social Worker', 'Home visit', 'Mother and baby seen at home. Room cold, heating broken.', 'Repair chased'],
      ['04/03/2021', '', 'Team Manager', 'Supervision', 'Case discussed; plan to review in two weeks.', 'No further action'],
    ]
    expect(detectMapping(headers, rows)).toEqual({
      occurredAt: 'Contact date',
      time: 'Time',
      author: 'Worker',
      category: 'Contact Type',
      summary: 'Case note',
      outcome: 'Outcome',
    })
  })

  it('reads snake_case and camelCase headings', () => {
    const rows = [['2021-03-02', 'School nurse', 'Drop-in', 'Weight checked, within range.']]
    expect(detectMapping(['entry_date', 'recorded_by', 'visit_type', 'note'], rows)).toEqual({
      occurredAt: 'entry_date',
      author: 'recorded_by',
      category: 'visit_type',
      summary: 'note',
    })
    expect(detectMapping(['eventDate', 'staffMember', 'eventType', 'narrative'], rows)).toEqual({
      occurredAt: 'eventDate',
      author: 'staffMember',
      category: 'eventType',
      summary: 'narrative',
    })
  })

  it('does not take a date-and-time column as the time column', () => {
    const headers = ['Occurrence Date/Time', 'Incident Type', 'Officer', 'Narrative']
    const rows = [
      ['14/04/2021 19:20', 'Concern for welfare', 'PC 1001', 'Attended, children settled.'],
      ['18/05/2021 16:05', 'Domestic', 'PC 1002', 'Words of advice given.'],
    ]
    expect(detectMapping(headers, rows)).toEqual({ occurredAt: 'Occurrence Date/Time', author: 'Officer', category: 'Incident Type', summary: 'Narrative' })
  })

  it('does not take a heading called Time whose cells are not times', () => {
    const rows = [['02/03/2021', 'morning', 'Visit made, nobody home.']]
    expect(detectMapping(['Date', 'Time', 'Notes'], rows)).toEqual({ occurredAt: 'Date', summary: 'Notes' })
  })

  it('prefers the contact date to a date of birth', () => {
    const rows = [['14/08/2018', '02/03/2021', 'Seen at clinic.']]
    expect(detectMapping(['Date of birth', 'Date of contact', 'Details'], rows).occurredAt).toBe('Date of contact')
  })

  it('falls back on the cells when no heading says date or summary', () => {
    const headers = ['Ref', 'Col B', 'Col C']
    const rows = [
      ['A1', '02/03/2021', 'A long free-text entry about the visit and what was seen.'],
      ['A2', '05/03/2021', 'Another long entry describing the telephone call with the school.'],
    ]
    expect(detectMapping(headers, rows)).toEqual({ occurredAt: 'Col B', summary: 'Col C' })
  })

  it('recognises the common headings for who recorded an entry', () => {
    const rows = [['02/03/2021', 'PC 2987', 'Domestic incident attended; both parties spoken to.']]
    for (const heading of ['OIC', 'Officer', 'Recorded by', 'Author', 'Practitioner', 'Officer in charge', 'Recorded_By']) {
      expect(detectMapping(['Date', heading, 'Details'], rows), heading).toEqual({ occurredAt: 'Date', author: heading, summary: 'Details' })
    }
  })

  it('takes a "date recorded" column as when the entry was written, and the other date as the event', () => {
    const rows = [
      ['02/03/2021', '05/03/2021', 'HV 1', 'Home visit: baby weighed, gaining well.'],
      ['09/03/2021', '09/03/2021', 'HV 1', 'Phone call with mother about feeding.'],
    ]
    expect(detectMapping(['Date recorded', 'Contact date', 'Practitioner', 'Notes'], rows.map((r) => [r[1], r[0], r[2], r[3]]))).toEqual({
      occurredAt: 'Contact date', author: 'Practitioner', summary: 'Notes', recordedAt: 'Date recorded',
    })
    expect(detectMapping(['Date', 'Recorded on', 'Author', 'Notes'], rows)).toEqual({ occurredAt: 'Date', author: 'Author', summary: 'Notes', recordedAt: 'Recorded on' })
    // A file whose only date is the date logged: that is the date of the event.
    expect(detectMapping(['Date logged', 'OIC', 'Notes'], rows.map((r) => [r[0], r[2], r[3]]))).toEqual({ occurredAt: 'Date logged', author: 'OIC', summary: 'Notes' })
  })

  it('uses each column for one field at most', () => {
    const rows = [['02/03/2021', 'Visit', 'Seen']]
    const mapping = detectMapping(['Date', 'Type', 'Notes'], rows)
    const columns = Object.values(mapping)
    expect(new Set(columns).size).toBe(columns.length)
  })

  it('leaves out fields it cannot place', () => {
    expect(detectMapping(['Alpha', 'Beta'], [['x', 'y']])).toEqual({})
  })
})

describe('validating a mapping', () => {
  const headers = ['Date logged', 'Officer', 'Category', 'Details']

  it('accepts a mapping that names columns of the file', () => {
    expect(validateMapping({ occurredAt: 'Date logged', summary: 'Details', author: 'Officer' }, headers)).toEqual([])
  })

  it('names a missing column and lists the columns there are', () => {
    const problems = validateMapping({ occurredAt: 'Date', summary: 'Details' }, headers)
    expect(problems).toEqual([
      { path: 'mapping.occurredAt', message: "There is no column called 'Date' in the file. The columns are: 'Date logged', 'Officer', 'Category', 'Details'" },
    ])
  })

  it('requires the date and summary columns', () => {
    const problems = validateMapping({ author: 'Officer' }, headers)
    expect(problems.map((p) => p.path)).toEqual(['mapping.occurredAt', 'mapping.summary'])
    expect(problems[0]?.message).toMatch(/Choose the column that holds the date/)
  })

  it('rejects a field that is not an event field', () => {
    const problems = validateMapping({ occurredAt: 'Date logged', summary: 'Details', colour: 'Category' }, headers)
    expect(problems).toEqual([{ path: 'mapping.colour', message: expect.stringMatching(/'colour' is not an event field/) }])
  })

  it('matches a heading ignoring case and spaces, but only when one heading matches', () => {
    expect(resolveColumn(' date LOGGED ', headers)).toBe(0)
    expect(resolveColumn('notes', ['Notes', 'NOTES'])).toBe(-1)
    expect(resolveColumn('Notes', ['Notes', 'NOTES'])).toBe(0)
  })
})
