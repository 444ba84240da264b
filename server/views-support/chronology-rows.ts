// The rows of the chronology table, rendered apart from the page so the chronology page can keep them
// until the chronology changes (a page of 100 events is most of the page's work). Same Handlebars helpers
// and escaping as every page.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createHandlebars } from './handlebars.js'

const viewsDir = fileURLToPath(new URL('../../views/', import.meta.url))
const handlebars = createHandlebars()
handlebars.registerPartial('tag', fs.readFileSync(`${viewsDir}partials/tag.hbs`, 'utf8'))
const rows = handlebars.compile(fs.readFileSync(`${viewsDir}pages/chronology/rows.hbs`, 'utf8'), { strict: false })

export interface RowsModel {
  events: unknown[]
  canAnnotate: boolean
}

export function renderChronologyRows(model: RowsModel): string {
  return rows(model)
}
