// Agencies name the same type of event in different ways ("Home visit", "Home Visits", "home-visit", "HOME VISIT").
// The "type of event" filter offers each type once: categories that differ only in case, punctuation, accents,
// "&"/"and" or plural endings share a key, and choosing one finds them all.
import { stemmer } from 'stemmer'

/** The key near-duplicate categories share: words folded to lower case without accents, each stemmed. */
export function categoryKey(category: string): string {
  return category
    .normalize('NFD').replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => stemmer(w))
    .join(' ')
}

export interface CategoryGroup {
  key: string
  /** The way most events write it (on a tie, the tidiest: sentence case, then the shortest). */
  label: string
  /** Every category written into the chronology that belongs here. */
  categories: string[]
  events: number
}

/** Lower is tidier: "Home visit" before "HOME VISITS" or "home-visit". */
function tidiness(category: string): number {
  const sentenceCase = category.charAt(0).toUpperCase() + category.slice(1).toLowerCase()
  return (category === sentenceCase ? 0 : 1000) + category.length
}

/** Categories with their event counts, grouped by key and ordered by label. */
export function groupCategories(counts: readonly { category: string; n: number }[]): CategoryGroup[] {
  const groups = new Map<string, { key: string; members: { category: string; n: number }[] }>()
  for (const c of counts) {
    const key = categoryKey(c.category)
    if (key === '') continue
    const group = groups.get(key) ?? { key, members: [] }
    group.members.push(c)
    groups.set(key, group)
  }
  return [...groups.values()]
    .map(({ key, members }) => {
      const sorted = [...members].sort((a, b) => b.n - a.n || tidiness(a.category) - tidiness(b.category) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
      return { key, label: sorted[0]!.category, categories: members.map((m) => m.category).sort(), events: members.reduce((s, m) => s + m.n, 0) }
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { sensitivity: 'base' }))
}

/** The categories to filter by for what was chosen: each choice stands for every category with its key. */
export function categoriesChosen(chosen: readonly string[], groups: readonly CategoryGroup[]): string[] {
  const keys = new Set(chosen.map(categoryKey))
  const out = new Set<string>(chosen)
  for (const g of groups) if (keys.has(g.key)) for (const c of g.categories) out.add(c)
  return [...out]
}
