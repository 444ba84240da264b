// Which database engine an executor talks to: the one place queries may branch on it, only where SQLite and
// PostgreSQL have no common SQL for the same result (full-text search, unpacking a JSON batch). Decided in
// server/db/engine.ts, which the migrations and the audit chain ask too.
export { engineOf, type Engine } from '../db/engine.js'
