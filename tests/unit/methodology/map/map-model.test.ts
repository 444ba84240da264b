import { describe, it, expect } from 'vitest'
import {
  MAP_LEVELS,
  MAP_LEVEL_INFO,
  NODE_KINDS,
  NODE_KIND_INFO,
  isAboveFrontline,
  isMapLevel,
  isNodeKind,
  levelRank,
} from '../../../../methodology/map/map-model.js'

describe('map model', () => {
  it('lists the node kinds and levels of the API contract, plus the harm to the child kept apart', () => {
    expect([...NODE_KINDS].sort()).toEqual(
      ['condition', 'contributory-factor', 'event', 'family-voice', 'good-practice', 'harm', 'omission', 'outcome', 'system-factor'],
    )
    expect(MAP_LEVELS).toEqual(['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family'])
  })

  it('gives every kind and level a label and description', () => {
    for (const kind of NODE_KINDS) {
      expect(NODE_KIND_INFO[kind].label.length).toBeGreaterThan(0)
      expect(NODE_KIND_INFO[kind].description.length).toBeGreaterThan(0)
    }
    for (const level of MAP_LEVELS) expect(MAP_LEVEL_INFO[level].label.length).toBeGreaterThan(0)
    expect(MAP_LEVEL_INFO.government.label).toBe('Government and national policy')
  })

  it('ranks levels top-down and counts team and above as above frontline', () => {
    expect(levelRank('government')).toBe(0)
    expect(levelRank('child-family')).toBe(6)
    expect(levelRank('parliament')).toBe(-1)
    expect(MAP_LEVELS.filter(isAboveFrontline)).toEqual(['government', 'regulators', 'local-partnership', 'agency-management', 'team'])
    expect(isAboveFrontline('unknown')).toBe(false)
  })

  it('recognises only exact kind and level keys', () => {
    expect(isNodeKind('outcome')).toBe(true)
    expect(isNodeKind('Outcome')).toBe(false)
    expect(isNodeKind('toString')).toBe(false)
    expect(isMapLevel('team')).toBe(true)
    expect(isMapLevel(3)).toBe(false)
  })
})
