// A date format as people read it: "day/month/year, such as 31/01/2020" rather than the pattern the import
// engine uses ("DD/MM/YYYY") or its internal names ("excel", "ISO").

const TOKENS: Record<string, { word: string; example: string }> = {
  YYYY: { word: 'year', example: '2020' },
  YY: { word: 'year', example: '20' },
  MMM: { word: 'month name', example: 'Jan' },
  MM: { word: 'month', example: '01' },
  M: { word: 'month', example: '1' },
  DD: { word: 'day', example: '31' },
  D: { word: 'day', example: '31' },
  HH: { word: 'hours', example: '14' },
  mm: { word: 'minutes', example: '05' },
  ss: { word: 'seconds', example: '09' },
}

export function dateFormatInWords(format: string | null | undefined): string {
  if (!format) return 'Worked out from the file'
  if (format === 'excel') return 'Dates as Excel stores them (date cells or day numbers)'
  if (format === 'ISO') return 'Year-month-day (ISO 8601), such as 2020-01-31, with or without a time'
  let words = ''
  let example = ''
  for (const m of format.matchAll(/YYYY|YY|MMM|MM|M|DD|D|HH|mm|ss|./g)) {
    const token = TOKENS[m[0]]
    words += token ? token.word : m[0]
    example += token ? token.example : m[0]
  }
  return `${words}, such as ${example}`
}
