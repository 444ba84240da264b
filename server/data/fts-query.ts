// Turns what a user types into a search box into a safe SQLite FTS5 query. The reading of the input (words as
// prefixes, "quoted phrases", OR) is methodology/search/search-syntax.ts; here every term becomes a quoted
// FTS5 string, so nothing typed can be an operator, a column filter or a syntax error. Column names come from
// our code, never from the user.
import { parseSearch, type SearchTerm } from '../../methodology/search/search-syntax.js'

function ftsString(term: SearchTerm): string {
  // The index stems query words (porter), prefix ones included, so "bruising*" still finds "bruise".
  return `"${term.text.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`
}

export function toFtsQuery(input: string, options: { columns?: readonly string[] } = {}): string | null {
  const groups = parseSearch(input)
  if (groups.length === 0) return null
  const expr = groups.map((g) => (g.length === 1 ? ftsString(g[0]!) : `(${g.map(ftsString).join(' OR ')})`)).join(' AND ')
  // Limiting the columns (e.g. leaving out reviewers' notes for those who may not read them).
  return options.columns ? `{${options.columns.join(' ')}} : (${expr})` : expr
}
