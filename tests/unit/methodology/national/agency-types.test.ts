import { describe, expect, it } from 'vitest'
import { agencyTypesOf, classifyAgency } from '../../../../methodology/national/agency-types.js'

describe('agency kinds', () => {
  it.each([
    ['Westmere Children’s Services (Assessment and CIN Team)', 'childrens-social-care'],
    ["Children's Social Care", 'childrens-social-care'],
    ['Police', 'police'],
    ['Health Visiting', 'health-visiting'],
    ['Westmere 0-19 School Nursing Service', 'school-nursing'],
    ['Heron Park Surgery', 'gp'],
    ['GP', 'gp'],
    ['Hospital ED', 'hospital'],
    ['Ladybird Lane Nursery', 'early-years'],
    ['Westmere Homes', 'housing'],
    ['Adult Social Care', 'adult-social-care'],
    ['CAMHS', 'mental-health'],
    ['Youth Offending Team', 'probation'],
    ['St Mary’s Primary School', 'education'],
    ['The Lighthouse Project', 'other'],
  ])('reads %s as %s', (name, kind) => {
    expect(classifyAgency(name)).toBe(kind)
  })

  it('lists each kind once, in the standard order, ignoring blanks', () => {
    expect(agencyTypesOf(['Police', 'Hospital ED', 'police', '  ', 'Children\'s Social Care'])).toEqual(['childrens-social-care', 'police', 'hospital'])
  })
})
