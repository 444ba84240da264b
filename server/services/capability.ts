// The capability check every viewer-first service makes before it reads or changes anything: the access plugin
// has already checked the route's own capability, but a service may be called from more than one route.
import type { Capability } from '../../methodology/permissions.js'
import { NotPermitted } from '../errors.js'
import type { ReviewViewer, Viewer } from './viewer.js'

export function requireCapability(viewer: Pick<ReviewViewer, 'can'>, capability: Capability): void {
  if (!viewer.can(capability)) throw new NotPermitted()
}

/** Administration pages and their services: administrators only. */
export function requireAdmin(viewer: Pick<Viewer, 'globalRole'>): void {
  if (viewer.globalRole !== 'admin') throw new NotPermitted()
}

/** The whole instance (partnerships, the audit chain's checkpoints): instance administrators only. */
export function requireInstanceAdmin(viewer: Pick<Viewer, 'globalRole' | 'instanceAdmin'>): void {
  if (viewer.globalRole !== 'admin' || !viewer.instanceAdmin) throw new NotPermitted()
}
