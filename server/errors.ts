// Domain errors. Services throw these; one error handler maps them to pages and JSON (plugins/error-handling.ts).

export interface ErrorDetail {
  /** Where the problem is: a field name, a JSON path ("nodes[3].level") or "row 13, column Date". */
  path: string
  message: string
}

export abstract class DomainError extends Error {
  abstract readonly status: number
  abstract readonly code: string
  readonly details: ErrorDetail[]

  constructor(message: string, details: ErrorDetail[] = []) {
    super(message)
    this.name = new.target.name
    this.details = details
  }
}

/** The thing does not exist, or the caller may not know it exists (non-members get this, not 403). */
/** The words of a plain 404. Access refusals use exactly these, so a hidden review looks like a mistyped address. */
export const NOT_FOUND_MESSAGE = 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.'

export class NotFound extends DomainError {
  readonly status = 404
  readonly code = 'not-found'
  constructor(message = NOT_FOUND_MESSAGE) {
    super(message)
  }
}

/** Authenticated but not allowed. */
export class NotPermitted extends DomainError {
  readonly status = 403
  readonly code = 'forbidden'
  constructor(message = 'You do not have permission to do that') {
    super(message)
  }
}

/** Not signed in, or a bad or revoked API token. */
export class NotAuthenticated extends DomainError {
  readonly status = 401
  readonly code = 'unauthenticated'
  constructor(message = 'Sign in to continue') {
    super(message)
  }
}

/** Input the user can fix: each detail names the field/row and why. */
export class BadInput extends DomainError {
  readonly status = 400
  readonly code: string
  constructor(message: string, details: ErrorDetail[] = [], code = 'bad-input') {
    super(message, details)
    this.code = code
  }
}

/** A rule of the domain stops this now (e.g. the leak scan blocks publication), though the input is well formed. */
export class RuleBroken extends DomainError {
  readonly status = 409
  readonly code: string
  constructor(message: string, details: ErrorDetail[] = [], code = 'rule-broken') {
    super(message, details)
    this.code = code
  }
}

/** Optimistic concurrency: someone else saved first. */
export class StaleEdit extends DomainError {
  readonly status = 409
  readonly code = 'stale-edit'
  constructor(message = 'Someone else changed this since you opened it') {
    super(message)
  }
}

/** A body or file larger than we accept. */
export class TooLarge extends DomainError {
  readonly status = 413
  readonly code = 'too-large'
}

/** The person who asked went away before the answer was ready (closed the tab, cancelled the download): the work stops. */
export class RequestAbandoned extends DomainError {
  readonly status = 499
  readonly code = 'abandoned'
  constructor(message = 'The request was abandoned before it finished') {
    super(message)
  }
}
