// Supporting documents: procedures, assessment forms, minutes. Their details and text (typed, or read from
// an uploaded .txt, .md or .docx); no binary files are kept.
import { noteDate } from '../../methodology/evidence/conversation-notes.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import { deleteDocument, findDocument, insertDocument, listDocuments, updateDocument } from '../data/documents.js'
import type { SupportingDocument } from '../data/schema.js'
import type { UploadedFile } from '../plugins/uploads.js'
import { readUploadedText } from '../text-extraction/uploaded-text.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { requireCapability } from './capability.js'
import { namesFor, type ShownNames } from './pseudonym-view.js'
import { auditRead } from './read-audit.js'
import { seesAgency, type ReviewViewer } from './viewer.js'
import { cleanFileName } from '../export/file-names.js'

export interface DocumentInput {
  title?: string
  agency?: string
  /** YYYY-MM-DD or DD/MM/YYYY; empty when undated. */
  date?: string
  description?: string
  /** Typed text; leave empty when uploading a file. */
  content?: string
  file?: UploadedFile | null
}

// The text is edited in a form field, which the server reads up to 1 MB: 300,000 characters always fit.
const LIMITS = { title: 200, agency: 120, description: 5000, content: 300_000 }
const NO_SUCH_DOCUMENT = 'There is no such document in this review'

function optionalText(value: string | undefined, path: string, label: string, max: number, details: ErrorDetail[]): string | null {
  const v = (value ?? '').trim()
  if (v.length > max) details.push({ path, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  return v || null
}

async function readDocument(input: DocumentInput, opts: { fileReplacesTyped: boolean }): Promise<Omit<SupportingDocument, 'id' | 'review_id' | 'created_by' | 'created_at' | 'updated_at'>> {
  const details: ErrorDetail[] = []
  const typed = (input.content ?? '').replace(/\r\n?/g, '\n')
  const hasFile = Boolean(input.file) && !(input.file!.size === 0 && (input.file!.filename === '' || input.file!.filename === 'upload'))
  if (hasFile && typed.trim() !== '' && !opts.fileReplacesTyped) throw new BadInput('There is a problem with the document', [{ path: 'content', message: 'Either type the text or upload a file, not both' }])
  const content = hasFile ? await readUploadedText(input.file!, 'contentFile') : typed
  const title = (input.title ?? '').trim()
  if (!title) details.push({ path: 'title', message: 'Enter the document’s title' })
  else if (title.length > LIMITS.title) details.push({ path: 'title', message: `Title must be ${LIMITS.title} characters or fewer` })
  const agency = optionalText(input.agency, 'agency', 'Agency', LIMITS.agency, details)
  const description = optionalText(input.description, 'description', 'Description', LIMITS.description, details)
  let date: string | null = null
  if ((input.date ?? '').trim()) {
    date = noteDate(input.date!)
    if (!date) details.push({ path: 'date', message: 'Date of the document must be a real date, like 3 2 2020' })
  }
  if (content.length > LIMITS.content) details.push({ path: hasFile ? 'contentFile' : 'content', message: `The text must be ${LIMITS.content.toLocaleString('en-GB')} characters or fewer: keep the parts the review needs` })
  if (details.length) throw new BadInput('There is a problem with the document', details)
  return { title, agency, document_date: date, description, content: content.trim() ? content.replace(/\s+$/, '') : null, source_filename: hasFile ? input.file!.filename : null }
}

export async function addDocument(ctx: ServiceContext, actor: Actor, reviewId: string, input: DocumentInput): Promise<SupportingDocument> {
  const fields = await readDocument(input, { fileReplacesTyped: false })
  const at = nowIso(ctx)
  const document: SupportingDocument = { id: ctx.newId(), review_id: reviewId, ...fields, created_by: actor.userId, created_at: at, updated_at: at }
  await ctx.db.transaction().execute(async (trx) => {
    await insertDocument(trx, document)
    await recordAudit(trx, ctx.clock, actor, { action: 'document.add', reviewId, objectType: 'document', objectId: document.id, details: { withText: document.content !== null } })
  })
  return document
}

export async function changeDocument(ctx: ServiceContext, actor: Actor, reviewId: string, documentId: string, input: DocumentInput): Promise<void> {
  const current = await findDocument(ctx.db, reviewId, documentId)
  if (!current) throw new NotFound(NO_SUCH_DOCUMENT)
  // On the change form the text box is filled in already: an uploaded file replaces what it holds.
  const fields = await readDocument(input, { fileReplacesTyped: true })
  await ctx.db.transaction().execute(async (trx) => {
    await updateDocument(trx, reviewId, documentId, { ...fields, source_filename: fields.source_filename ?? current.source_filename, updated_at: nowIso(ctx) })
    await recordAudit(trx, ctx.clock, actor, { action: 'document.change', reviewId, objectType: 'document', objectId: documentId })
  })
}

export async function removeDocument(ctx: ServiceContext, actor: Actor, reviewId: string, documentId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteDocument(trx, reviewId, documentId)) === 0) throw new NotFound(NO_SUCH_DOCUMENT)
    await recordAudit(trx, ctx.clock, actor, { action: 'document.remove', reviewId, objectType: 'document', objectId: documentId })
  })
}

/** Whether this viewer may see this document: every document, or (case group) their own agency's. */
function visibleTo(viewer: ReviewViewer, document: SupportingDocument): boolean {
  return seesAgency(viewer, agencyKeyOf(document.agency))
}

/** A document as this viewer may see it: text under their name rule. */
export interface ShownDocument {
  id: string
  title: string
  agency: string | null
  date: string | null
  description: string | null
  content: string | null
}

function shownDocument(d: SupportingDocument, names: ShownNames): ShownDocument {
  const show = (t: string | null) => (t === null ? null : names.show(t))
  return { id: d.id, title: names.show(d.title), agency: d.agency, date: d.document_date, description: show(d.description), content: show(d.content) }
}

/** The documents this viewer may see, as they may see them (list page and API); audited. */
export async function documentsFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<ShownDocument[]> {
  requireCapability(viewer, 'documents.view')
  const rows = (await listDocuments(ctx.db, viewer.reviewId)).filter((d) => visibleTo(viewer, d))
  const names = await namesFor(ctx, viewer)
  await auditRead(ctx, viewer, { action: 'document.list.view', objectType: 'documents', objectId: viewer.reviewId, details: { documents: rows.length } })
  return rows.map((d) => shownDocument(d, names))
}

/** One document as this viewer may see it; audited. */
export async function documentView(ctx: ServiceContext, viewer: ReviewViewer, documentId: string): Promise<ShownDocument & { sourceFilename: string | null }> {
  requireCapability(viewer, 'documents.view')
  const document = await findDocument(ctx.db, viewer.reviewId, documentId)
  if (!document || !visibleTo(viewer, document)) throw new NotFound(NO_SUCH_DOCUMENT)
  const names = await namesFor(ctx, viewer)
  await auditRead(ctx, viewer, { action: 'document.view', objectType: 'document', objectId: documentId })
  return { ...shownDocument(document, names), sourceFilename: document.source_filename === null ? null : names.show(cleanFileName(document.source_filename)) }
}

/** A document as stored, for its change form (those who manage documents). */
export async function documentToChange(ctx: ServiceContext, viewer: ReviewViewer, documentId: string): Promise<SupportingDocument> {
  requireCapability(viewer, 'documents.manage')
  const document = await findDocument(ctx.db, viewer.reviewId, documentId)
  if (!document) throw new NotFound(NO_SUCH_DOCUMENT)
  return document
}
