// Turns what a user types into a search box into a safe full-text condition, the same for users on SQLite
// (FTS5) and PostgreSQL (tsvector). The reading of the input (words as prefixes, "quoted phrases", OR) is
// methodology/search/search-syntax.ts; here every term becomes a quoted FTS5 string or quoted tsquery
// lexemes, so nothing typed can be an operator, a column filter or a syntax error. Column names come from
// our code, never from the user.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { parseSearch, type SearchQuery, type SearchTerm } from '../../methodology/search/search-syntax.js'
import type { Engine } from '../db/engine.js'

/** A search read from user input, ready to become SQL for either engine. */
export interface TextSearch {
  readonly groups: SearchQuery
  /** Only these columns of the index (e.g. leaving out reviewers' notes for those who may not read them). */
  readonly columns?: readonly string[]
}

/** Null when the input holds no word to search for. */
export function textSearch(input: string, options: { columns?: readonly string[] } = {}): TextSearch | null {
  const groups = parseSearch(input)
  if (groups.length === 0) return null
  return options.columns ? { groups, columns: options.columns } : { groups }
}

// ---- SQLite: FTS5 ----

function ftsString(term: SearchTerm): string {
  // The index stems query words (porter), prefix ones included, so "bruising*" still finds "bruise".
  return `"${term.text.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`
}

/** The FTS5 MATCH expression. */
export function fts5Query(search: TextSearch): string {
  const expr = search.groups.map((g) => (g.length === 1 ? ftsString(g[0]!) : `(${g.map(ftsString).join(' OR ')})`)).join(' AND ')
  return search.columns ? `{${search.columns.join(' ')}} : (${expr})` : expr
}

/** Kept for callers that build FTS5 queries from text directly (tests of the FTS5 index). */
export function toFtsQuery(input: string, options: { columns?: readonly string[] } = {}): string | null {
  const search = textSearch(input, options)
  return search === null ? null : fts5Query(search)
}

// ---- PostgreSQL: tsquery ----

/**
 * Words as FTS5's unicode61 tokenizer splits them: runs of letters and digits. Each goes to to_tsquery quoted,
 * where the same text search configuration as the index folds accents and stems it.
 */
function lexemes(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? []
}

function tsTerm(term: SearchTerm, weights: string): string | null {
  const words = lexemes(term.text)
  if (words.length === 0) return null
  // A phrase is its words next to each other; a bare word with punctuation inside ("o'brien") is a phrase too,
  // as FTS5 reads it, its last word a prefix.
  const parts = words.map((w, i) => `'${w}'${term.prefix && i === words.length - 1 ? ':*' : weights ? ':' : ''}${weights}`)
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`
}

/** The to_tsquery text, or null when no term holds a word. `weights` limits matches to lexemes of those weights. */
export function tsQueryText(search: TextSearch, weights = ''): string | null {
  const groups = search.groups
    .map((g) => g.map((t) => tsTerm(t, weights)).filter((t): t is string => t !== null))
    .filter((g) => g.length > 0)
  if (groups.length === 0) return null
  return groups.map((g) => (g.length === 1 ? g[0]! : `(${g.join(' | ')})`)).join(' & ')
}

// ---- Either ----

/**
 * A table's full-text index (migrations 0003, 0008): on both engines a table named <table>_fts beside it, keyed by
 * rowid, the searched row's number. On SQLite an FTS5 table; on PostgreSQL a table of tsvectors (column words),
 * kept in step by triggers. Apart from the table, a select * of the searched rows never carries the vectors.
 */
export interface FullTextIndex {
  table: string
  /** PostgreSQL: the weight each indexed column was given in the vector. */
  weights: Readonly<Record<string, 'A' | 'B' | 'C' | 'D'>>
}

/** The PostgreSQL text search configuration the vectors are built with: accents folded, Porter stems. */
export const TEXT_SEARCH_CONFIG = 'casework_search'

/**
 * Whether a row matches the search: `key` (alias.column) holds the searched row's number. The caller has already
 * turned user input into a TextSearch: nothing here is user text but bound parameters.
 */
export function fullTextMatch(engine: Engine, index: FullTextIndex, search: TextSearch, key: { alias: string; column: string }): RawBuilder<SqlBool> {
  const keyRef = sql.ref(`${key.alias}.${key.column}`)
  const table = sql.table(index.table)
  if (engine === 'postgres') {
    const weights = search.columns ? [...new Set(search.columns.map((c) => index.weights[c] ?? ''))].sort().join('') : ''
    const text = tsQueryText(search, weights)
    if (text === null) return sql<SqlBool>`1 = 0`
    return sql<SqlBool>`${keyRef} in (select rowid from ${table} where words @@ to_tsquery(${sql.lit(TEXT_SEARCH_CONFIG)}::regconfig, ${text}))`
  }
  return sql<SqlBool>`${keyRef} in (select rowid from ${table} where ${table} match ${fts5Query(search)})`
}
