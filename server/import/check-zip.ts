// Checks the sizes an XLSX workbook (a zip archive) declares for its parts before any part is unpacked:
// a 2 KB archive may declare gigabytes, and such a file is refused with the limit named. Parts that
// declare less than they hold are stopped by the row and shared-string limits and the worker's memory.
import unzipper from 'unzipper'
import { BadInput } from '../errors.js'
import type { ImportLimits } from './import-limits.js'
import { tooManyZipEntries, zipTooLarge } from './import-limits.js'

export async function checkZipSizes(filePath: string, fileName: string, limits: ImportLimits): Promise<void> {
  let directory: Awaited<ReturnType<typeof unzipper.Open.file>>
  try {
    directory = await unzipper.Open.file(filePath)
  } catch {
    throw new BadInput(
      `'${fileName}' is not an Excel workbook we can read`,
      [{ path: 'file', message: 'The file is a zip archive but not a readable .xlsx workbook. Open it in Excel and save it as Excel Workbook (.xlsx) or CSV' }],
      'not-a-spreadsheet',
    )
  }
  if (directory.numberOfRecords > limits.maxZipEntries) throw tooManyZipEntries(fileName, limits, directory.numberOfRecords)
  let total = 0
  for (const entry of directory.files) {
    // 0xFFFFFFFF means the real size is in a zip64 field: beyond the limit either way.
    if (entry.uncompressedSize > limits.maxUnzippedBytes) throw zipTooLarge(fileName, limits, entry.path)
    total += entry.uncompressedSize
    if (total > limits.maxUnzippedBytes) throw zipTooLarge(fileName, limits, null)
  }
}
