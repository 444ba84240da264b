import { describe, expect, it } from 'vitest'
import { dateText, eventDateText, listText, paragraphs, pseudonymisedText, slug, textAsRecorded } from '../../../../templates/model/report-text.js'

describe('report text', () => {
  it('writes dates in words, as precisely as the record gives them', () => {
    expect(dateText('2020-06-12')).toBe('12 June 2020')
    expect(dateText('2020-06')).toBe('June 2020')
    expect(dateText('2020')).toBe('2020')
    expect(eventDateText('2020-06-12T02:15', 'minute')).toBe('12 June 2020, 02:15')
    expect(eventDateText('2021-06-07', 'week')).toBe('Week beginning 7 June 2021')
    expect(eventDateText('2019-09', 'month')).toBe('September 2019')
  })

  it('splits paragraphs at blank lines and keeps single line breaks', () => {
    expect(paragraphs('One\r\nline two\n\n\nTwo')).toEqual([{ type: 'paragraph', text: 'One\nline two' }, { type: 'paragraph', text: 'Two' }])
  })

  it('makes file names of letters, digits and hyphens', () => {
    expect(slug('Learning review: Child M (Westmere) – 2021', 'x')).toBe('learning-review-child-m-westmere-2021')
    expect(slug('中文', 'learning-report')).toBe('learning-report')
  })

  it('lists items in plain English', () => {
    expect(listText(['a'])).toBe('a')
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c')
  })

  it('pseudonymises for publication and leaves text as recorded otherwise, without control characters', () => {
    const register = [{ realName: 'Leanne Kershaw', role: 'Mother', pseudonym: 'Mother', dateOfBirth: '1998-04-03', nhsNumber: null, address: null, postcode: null, phone: null }]
    expect(pseudonymisedText(register, [])('Leanne Kershaw’s visit, DOB 03/04/1998')).toBe('Mother’s visit, DOB [removed]')
    expect(pseudonymisedText(register, [{ kind: 'surname', value: 'Kershaw' }])('Kershaw Road')).toBe('Kershaw Road')
    expect(textAsRecorded()('Leanne\u0007 Kershaw\r\n')).toBe('Leanne Kershaw')
  })
})
