// An uploaded file's name is typed by whoever made the file: it can hold NUL and other control characters, and
// bidi overrides that make "report‮fdp.exe" show as "reportexe.pdf". Names are cleaned before they are stored
// and again when shown (names stored before this check are shown cleaned too).

// Control characters, format characters (bidi embeddings, overrides, isolates and marks; zero-width characters;
// the soft hyphen) and the other default-ignorable code points a reader cannot see.
const UNSEEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu
const MAX_LENGTH = 255

/** The name without unseen characters, white space runs made one space, at most 255 characters; `fallback` when nothing is left. */
export function cleanFileName(name: string, fallback = 'upload'): string {
  const cleaned = name.normalize('NFC').replace(UNSEEN, '').replace(/\s+/gu, ' ').trim()
  if (cleaned === '') return fallback
  // Cut at a whole character, never inside a surrogate pair.
  return [...cleaned].slice(0, MAX_LENGTH).join('').slice(0, MAX_LENGTH * 2)
}
