// The evidence that later stages cite: the person register, practitioner conversations with their quotes,
// supporting documents, and each reviewer's choice of real names or pseudonyms on screen.

export interface PersonsTable {
  id: string
  review_id: string
  real_name: string
  role: string | null
  pseudonym: string
  /** YYYY-MM-DD */
  date_of_birth: string | null
  /** Written `999 482 7316`. */
  nhs_number: string | null
  address: string | null
  /** Written `ZZ99 4QT`. */
  postcode: string | null
  phone: string | null
  /** Staff, payroll or police warrant number, as recorded. */
  staff_number: string | null
  created_at: string
  updated_at: string
}

export interface ConversationsTable {
  id: string
  review_id: string
  /** The practitioner's role label as the review refers to them, e.g. "Health Visitor 1". */
  practitioner: string
  agency: string
  /** Set when the practitioner is a member of the review (usually the case group). */
  member_user_id: string | null
  /** YYYY-MM-DD */
  held_on: string
  /** Who held the conversation, e.g. "Lead reviewer and review team (health)". */
  held_by: string | null
  notes: string
  /** The uploaded file's name, when the notes came from a file. */
  source_filename: string | null
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface QuotesTable {
  id: string
  review_id: string
  conversation_id: string
  /** Exactly as it occurs in the conversation's notes. */
  text: string
  /** Where the quote starts in the notes (UTF-16 code units), to highlight the passage. */
  start_offset: number
  created_by: string | null
  created_at: string
}

export interface QuoteEventsTable {
  quote_id: string
  event_id: string
}

export interface DocumentsTable {
  id: string
  review_id: string
  title: string
  agency: string | null
  /** YYYY-MM-DD */
  document_date: string | null
  description: string | null
  /** The text of the document, when there is one (procedures, forms, minutes). */
  content: string | null
  source_filename: string | null
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface NameDisplayTable {
  user_id: string
  review_id: string
  display: 'real' | 'pseudonyms'
  updated_at: string
}

export interface EvidenceTables {
  persons: PersonsTable
  conversations: ConversationsTable
  quotes: QuotesTable
  quote_events: QuoteEventsTable
  documents: DocumentsTable
  name_display: NameDisplayTable
}
