// The map being edited: the document, the version it was loaded at, whether it has unsaved changes, and undo
// and redo as whole-document snapshots (simple and exact; a map of a thousand nodes is a few hundred KB).
import type { MapDocument } from '../../../../methodology/map/map-model.js'

/** Where a change came from, so the part of the page that made it need not redraw itself (and lose focus). */
export type ChangeSource = 'panel' | 'canvas' | 'form' | 'history' | 'load' | 'layout' | 'save'

export interface ChangeEvent {
  source: ChangeSource
  /** What was done, in words, for the status message ("Node added"). */
  description: string
}

const MAX_UNDO = 60

export class MapState {
  doc: MapDocument = { nodes: [], edges: [] }
  version = 0
  dirty = false
  private undoStack: Array<{ doc: MapDocument; description: string }> = []
  private redoStack: Array<{ doc: MapDocument; description: string }> = []
  private listeners: Array<(event: ChangeEvent) => void> = []

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener)
  }

  private emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  /** Replaces everything (first load, or reload after someone else's save): undo history starts again. */
  load(doc: MapDocument, version: number): void {
    this.doc = doc
    this.version = version
    this.dirty = false
    this.undoStack = []
    this.redoStack = []
    this.emit({ source: 'load', description: 'Map loaded' })
  }

  /** One undoable change: `change` edits the document in place. */
  apply(description: string, source: ChangeSource, change: (doc: MapDocument) => void): void {
    this.undoStack.push({ doc: structuredClone(this.doc), description })
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift()
    this.redoStack = []
    change(this.doc)
    this.dirty = true
    this.emit({ source, description })
  }

  /** A change that is not worth undoing on its own, such as placing nodes that had no position. */
  adjust(source: ChangeSource, change: (doc: MapDocument) => void): void {
    change(this.doc)
    this.emit({ source, description: '' })
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0
  }

  get undoDescription(): string | null {
    return this.undoStack[this.undoStack.length - 1]?.description ?? null
  }

  get redoDescription(): string | null {
    return this.redoStack[this.redoStack.length - 1]?.description ?? null
  }

  undo(): void {
    const step = this.undoStack.pop()
    if (!step) return
    this.redoStack.push({ doc: structuredClone(this.doc), description: step.description })
    this.doc = step.doc
    this.dirty = true
    this.emit({ source: 'history', description: `Undone: ${step.description.toLowerCase()}` })
  }

  redo(): void {
    const step = this.redoStack.pop()
    if (!step) return
    this.undoStack.push({ doc: structuredClone(this.doc), description: step.description })
    this.doc = step.doc
    this.dirty = true
    this.emit({ source: 'history', description: `Redone: ${step.description.toLowerCase()}` })
  }

  markSaved(version: number): void {
    this.version = version
    this.dirty = false
    this.emit({ source: 'save', description: `Saved as version ${version}` })
  }
}

/** An id for a new node or link, unique enough across reviewers editing the same map. */
export function newId(prefix: 'n' | 'e'): string {
  return `${prefix}-${crypto.randomUUID()}`
}
