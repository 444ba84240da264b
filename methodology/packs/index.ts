// The methodology packs this instance offers. To add one: write its file beside these and list it here.

import { learningTogether } from './learning-together.js'
import type { MethodologyPack } from './pack.js'
import { rapidReview } from './rapid-review.js'

const PACKS: readonly MethodologyPack[] = [learningTogether, rapidReview]

const BY_KEY: ReadonlyMap<string, MethodologyPack> = new Map(PACKS.map((p) => [p.key, p]))

/** The pack with this key, or `null` for an unknown methodology (the caller says so to the user). */
export function getPack(key: string): MethodologyPack | null {
  return BY_KEY.get(key) ?? null
}

/** Every pack, in the order they are offered when creating a review. */
export function listPacks(): readonly MethodologyPack[] {
  return PACKS
}

export function isPackKey(key: string): boolean {
  return BY_KEY.has(key)
}

export type { CheckResult, MethodologyPack, ReadinessCheck, Stage } from './pack.js'
