import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Every date a person types goes into the GOV.UK date input (views/partials/date-input.hbs): day, month and year
// boxes, read by server/services/form-dates.ts. A browser's own date picker or a single text box is not used.
const viewsDir = path.resolve(import.meta.dirname, '../../../views')

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? templates(path.join(dir, e.name)) : e.name.endsWith('.hbs') ? [path.join(dir, e.name)] : []))
}

describe('date fields in the views', () => {
  it('uses the GOV.UK date input for every date: no type="date" and no single box for a date', () => {
    const problems: string[] = []
    for (const file of templates(viewsDir)) {
      const text = fs.readFileSync(file, 'utf8')
      if (/type="date"/.test(text)) problems.push(`${path.relative(viewsDir, file)}: type="date"`)
      for (const m of text.matchAll(/\{\{>\s*input\s+name="([^"]+)"[^}]*label="([^"]*)"/g)) {
        const [, name, label] = m
        const looksLikeDate = /date|Date|On$|^from$|^to$|Until$|From$/.test(name!) && !/year/i.test(label!)
        if (looksLikeDate) problems.push(`${path.relative(viewsDir, file)}: ${name} is a single box`)
      }
    }
    expect(problems).toEqual([])
  })
})
