// Draws figures (the causal map's SVG and PNG) in a child process at the lowest priority, never on the event loop:
// a 2,000-node map takes seconds to lay out and draw, and resvg aborts its whole process when it panics. A drawer
// that dies or overruns is discarded and the job fails with a message saying so; the server carries on.
import type { ChildProcess } from 'node:child_process'
import type { MapDocument } from '../../methodology/map/map-model.js'
import type { DrawnFigure } from '../../templates/map-figure.js'
import { RuleBroken } from '../errors.js'
import type { ProcessPool} from '../workers/ts-process.js';
import { poolsByMemoryLimit } from '../workers/ts-process.js'
import type { FromFigureProcess, ToFigureProcess } from './figure-process.js'

export interface DrawingLimits {
  maxMemoryMb: number
  maxSeconds: number
}

export const DEFAULT_DRAWING_LIMITS: Readonly<DrawingLimits> = Object.freeze({ maxMemoryMb: 1024, maxSeconds: 120 })

/** Figures drawn at once; more wait their turn. One drawer is kept started (starting one takes most of a second). */
const DRAWERS = 2


const poolFor = poolsByMemoryLimit(new URL('./figure-process.ts', import.meta.url), DRAWERS)

/** What failed, for the person who asked: the figure is named by the caller ("the causal map as PNG"). */
function notDrawn(what: string, why: string): RuleBroken {
  return new RuleBroken(`${what} could not be drawn: ${why}. Nothing else was affected; try the SVG download, or tell your administrator.`, [], 'figure-not-drawn')
}

function run(job: ToFigureProcess, what: string, limits: DrawingLimits): Promise<Exclude<FromFigureProcess, { type: 'failed' }>> {
  const pool = poolFor(limits.maxMemoryMb)
  return pool.take().then((drawer: ChildProcess) => new Promise((resolve, reject) => {
    let settled = false
    const finish = (outcome: Exclude<FromFigureProcess, { type: 'failed' }> | Error, reusable: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (reusable) pool.giveBack(drawer)
      else pool.discard(drawer)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const timer = setTimeout(() => finish(notDrawn(what, `drawing it took longer than ${limits.maxSeconds} seconds`), false), limits.maxSeconds * 1000)
    drawer.on('message', (answer: FromFigureProcess) => {
      if (answer.type === 'failed') finish(notDrawn(what, answer.message), true)
      else finish(answer, true)
    })
    drawer.on('error', (error) => finish(notDrawn(what, `the drawing process failed (${error.message})`), false))
    // A panic in resvg (the picture library) or running out of memory ends the drawer without an answer.
    drawer.on('exit', (code, signal) => finish(notDrawn(what, `the drawing stopped unexpectedly (${signal ?? `exit code ${code}`})`), false))
    drawer.send(job)
  }))
}

/** The map's figure: laid out (ELK when small and unplaced), drawn as SVG and described. */
export async function drawMapFigure(map: MapDocument, title: string, limits: DrawingLimits = DEFAULT_DRAWING_LIMITS): Promise<DrawnFigure> {
  const answer = await run({ type: 'map-figure', map, title }, 'The causal map', limits)
  if (answer.type !== 'figure') throw new Error('The drawing process answered with something else')
  return answer.figure
}

/** The map's figure as a PNG, at twice its size within the pixel limits (templates/svg-png.ts). */
export async function drawMapPng(map: MapDocument, title: string, limits: DrawingLimits = DEFAULT_DRAWING_LIMITS): Promise<Buffer> {
  const answer = await run({ type: 'map-png', map, title }, 'The causal map as PNG', limits)
  if (answer.type !== 'png') throw new Error('The drawing process answered with something else')
  return Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)
}

/** Any SVG as a PNG `widthPx` wide. */
export async function drawSvgAsPng(svg: string, widthPx: number, what = 'The picture', limits: DrawingLimits = DEFAULT_DRAWING_LIMITS): Promise<Buffer> {
  const answer = await run({ type: 'svg-png', svg, widthPx }, what, limits)
  if (answer.type !== 'png') throw new Error('The drawing process answered with something else')
  return Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)
}

/** The drawers (for tests: to see how many were started and dropped). */
export function figureDrawers(limits: DrawingLimits = DEFAULT_DRAWING_LIMITS): ProcessPool {
  return poolFor(limits.maxMemoryMb)
}
