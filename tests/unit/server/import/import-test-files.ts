// Temporary files and a collecting sink for the import tests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { ImportedEvent, ImportSink } from '../../../../server/import/analyse-import.js'

export const reviewPeriod = { from: '2019-03-01', to: '2020-06-30' }

export interface TempDir {
  dir: string
  file(name: string, content: string | Buffer | Uint8Array): string
  remove(): void
}

export function tempDir(prefix = 'import-test-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return {
    dir,
    file(name, content) {
      const target = path.join(dir, name)
      fs.writeFileSync(target, content)
      return target
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface CollectingSink extends ImportSink {
  events: ImportedEvent[]
  batchSizes: number[]
  progress: number[]
}

export function collectingSink(): CollectingSink {
  const sink: CollectingSink = {
    events: [],
    batchSizes: [],
    progress: [],
    onEvents(batch) {
      sink.batchSizes.push(batch.length)
      sink.events.push(...batch)
    },
    onProgress(rows) {
      sink.progress.push(rows)
    },
  }
  return sink
}

/** A zip archive holding the given files uncompressed (enough to test what is and is not a workbook). */
export function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text)
    const nameBytes = Buffer.from(name)
    const crc = zlib.crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}
