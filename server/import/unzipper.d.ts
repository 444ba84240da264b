// The part of unzipper (0.10) used here: reading a zip archive's central directory.
declare module 'unzipper' {
  export interface CentralDirectoryEntry {
    path: string
    compressedSize: number
    uncompressedSize: number
  }
  export interface CentralDirectory {
    numberOfRecords: number
    files: CentralDirectoryEntry[]
  }
  export const Open: {
    file(path: string): Promise<CentralDirectory>
  }
}
