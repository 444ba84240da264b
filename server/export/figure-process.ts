// The drawing process's side of figure-drawing.ts, one job at a time: the causal map's figure (layout, SVG and
// description), its PNG, or any SVG as a PNG. Runs in a child process at the lowest priority, so a resvg panic
// ends this process only and the server's event loop gets the CPU first.
import { figureOf } from '../../templates/map-figure.js'
import { pngWidthFor, svgToPng } from '../../templates/svg-png.js'
import type { MapDocument } from '../../methodology/map/map-model.js'
import type { DrawnFigure } from '../../templates/map-figure.js'
import { lowerOwnPriority } from '../workers/ts-process.js'

export type ToFigureProcess =
  | { type: 'map-figure'; map: MapDocument; title: string }
  | { type: 'map-png'; map: MapDocument; title: string }
  | { type: 'svg-png'; svg: string; widthPx: number }

export type FromFigureProcess =
  | { type: 'figure'; figure: DrawnFigure }
  | { type: 'png'; png: Uint8Array }
  | { type: 'failed'; message: string }

async function draw(job: ToFigureProcess): Promise<FromFigureProcess> {
  switch (job.type) {
    case 'map-figure':
      return { type: 'figure', figure: await figureOf(job.map, job.title) }
    case 'map-png': {
      const { svg } = await figureOf(job.map, job.title)
      return { type: 'png', png: svgToPng(svg, pngWidthFor(svg)) }
    }
    case 'svg-png':
      return { type: 'png', png: svgToPng(job.svg, job.widthPx) }
  }
}

if (process.send) {
  lowerOwnPriority()
  process.on('message', (job: ToFigureProcess) => {
    draw(job).then(
      (answer) => process.send!(answer),
      (error: unknown) => process.send!({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromFigureProcess),
    )
  })
  // The server has gone (or dropped this drawer): nothing is left to draw for.
  process.on('disconnect', () => process.exit(0))
}
