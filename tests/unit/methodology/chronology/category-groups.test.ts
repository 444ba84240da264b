import { describe, expect, it } from 'vitest'
import { categoriesChosen, categoryKey, groupCategories } from '../../../../methodology/chronology/category-groups.js'
import { dateFormatInWords } from '../../../../methodology/chronology/date-format-words.js'
import { fileNameParts } from '../../../../server/views-support/handlebars.js'

describe('grouping near-duplicate types of event', () => {
  it('gives the same key to categories differing only in case, punctuation, accents, & and plurals', () => {
    const key = categoryKey('Home visit')
    for (const c of ['home visit', 'HOME VISIT', 'Home-visit', 'Home Visits', ' home  visit ', 'Home visit.']) expect(categoryKey(c), c).toBe(key)
    expect(categoryKey('Strategy meeting & discussion')).toBe(categoryKey('strategy meetings and discussions'))
    expect(categoryKey('Phone call')).not.toBe(key)
  })

  it('offers each group once under the commonest spelling, counting every event', () => {
    const groups = groupCategories([
      { category: 'Home Visit', n: 2 }, { category: 'Home visit', n: 9 }, { category: 'home visits', n: 1 },
      { category: 'Phone call', n: 4 }, { category: '---', n: 1 },
    ])
    expect(groups).toEqual([
      { key: categoryKey('home visit'), label: 'Home visit', categories: ['Home Visit', 'Home visit', 'home visits'], events: 12 },
      { key: categoryKey('phone call'), label: 'Phone call', categories: ['Phone call'], events: 4 },
    ])
    expect(categoriesChosen(['Home visit'], groups).sort()).toEqual(['Home Visit', 'Home visit', 'home visits'])
    expect(categoriesChosen(['Unknown'], groups)).toEqual(['Unknown'])
  })
})

describe('date formats in words', () => {
  it('says day/month/year rather than the pattern or an internal name', () => {
    expect(dateFormatInWords('DD/MM/YYYY')).toBe('day/month/year, such as 31/01/2020')
    expect(dateFormatInWords('DD/MM/YYYY HH:mm')).toBe('day/month/year hours:minutes, such as 31/01/2020 14:05')
    expect(dateFormatInWords('D MMM YYYY')).toBe('day month name year, such as 31 Jan 2020')
    expect(dateFormatInWords('MM/DD/YY')).toBe('month/day/year, such as 01/31/20')
    expect(dateFormatInWords('excel')).not.toMatch(/excel\b/)
    expect(dateFormatInWords('ISO')).toContain('Year-month-day')
    for (const f of ['DD/MM/YYYY', 'YYYY-MM-DD', 'excel', 'ISO']) expect(dateFormatInWords(f)).not.toMatch(/DD|MM|YYYY|excel/)
  })
})

describe('file names in a narrow column', () => {
  it('splits only after separators (spaces break anyway) and where a word starts with a capital, so nothing breaks inside a word', () => {
    expect(fileNameParts('health_visiting-records.2021.csv')).toEqual(['health_', 'visiting-', 'records.', '2021.', 'csv'])
    expect(fileNameParts('PoliceExtract final.xlsx')).toEqual(['Police', 'Extract final.', 'xlsx'])
    expect(fileNameParts('a').join('')).toBe('a')
    expect(fileNameParts(undefined)).toEqual([])
  })
})
