// The report export page: follows a background export as it runs, shows how far it has got, and offers the
// file when it is ready (or reloads the page to list what the leak scan found). Without JavaScript the page
// says to refresh it.

interface StatusJson {
  status: 'running' | 'done' | 'blocked' | 'failed'
  stage: string
  percent: number
  pageUrl: string
}

const container = document.getElementById('export-status')
const statusUrl = container?.dataset.statusUrl
const progress = document.getElementById('export-progress') as HTMLProgressElement | null
const percentText = document.getElementById('export-percent')
const stageText = document.getElementById('export-stage')
const live = document.getElementById('export-live')

let lastAnnounced = -1

async function poll(): Promise<void> {
  if (!statusUrl) return
  let status: StatusJson
  try {
    const response = await fetch(statusUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
    if (!response.ok) throw new Error(String(response.status))
    status = (await response.json()) as StatusJson
  } catch {
    if (live) live.textContent = 'Could not check the export just now. Trying again.'
    window.setTimeout(() => void poll(), 3000)
    return
  }
  if (status.status !== 'running') {
    // The page itself shows the result: the download link, or what the leak scan found.
    window.location.assign(status.pageUrl)
    return
  }
  if (progress) progress.value = status.percent
  if (percentText) percentText.textContent = `${status.percent}%`
  if (stageText) stageText.textContent = status.stage
  // Screen readers hear every quarter, not every tick.
  const quarter = Math.floor(status.percent / 25)
  if (live && quarter !== lastAnnounced) {
    lastAnnounced = quarter
    live.textContent = `${status.stage}: ${status.percent}% done.`
  }
  window.setTimeout(() => void poll(), 1000)
}

if (container?.dataset.status === 'running') void poll()
