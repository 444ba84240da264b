// Chronology imports: upload with a progress bar, then follow the check of a long file as it runs.
// Without JavaScript the forms post normally and the server waits for the check before answering.

interface StartedJson {
  importId: string
  href: string
}

interface ErrorJson {
  message?: string
  details?: { path?: string; message?: string }[]
}

function showErrors(container: HTMLElement | null, error: ErrorJson): void {
  if (!container) return
  container.replaceChildren()
  const summary = document.createElement('div')
  summary.className = 'govuk-error-summary'
  const alert = document.createElement('div')
  alert.setAttribute('role', 'alert')
  const title = document.createElement('h2')
  title.className = 'govuk-error-summary__title'
  title.textContent = error.message ?? 'There is a problem'
  alert.append(title)
  const details = (error.details ?? []).filter((d) => d.message)
  if (details.length > 0) {
    const body = document.createElement('div')
    body.className = 'govuk-error-summary__body'
    const list = document.createElement('ul')
    list.className = 'govuk-list govuk-error-summary__list'
    for (const d of details) {
      const item = document.createElement('li')
      item.textContent = d.message ?? ''
      list.append(item)
    }
    body.append(list)
    alert.append(body)
  }
  summary.append(alert)
  container.append(summary)
  container.hidden = false
  container.focus()
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Posts the form with XMLHttpRequest (fetch cannot report upload progress) and follows the answer. */
function sendAsync(form: HTMLFormElement): void {
  const errors = document.querySelector<HTMLElement>('[data-async-errors]')
  const progress = form.querySelector<HTMLElement>('[data-upload-progress]')
  const bar = form.querySelector<HTMLProgressElement>('progress')
  const text = form.querySelector<HTMLElement>('[data-upload-progress-text]')
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')
  const data = new FormData(form)
  const multipart = form.enctype === 'multipart/form-data'
  const request = new XMLHttpRequest()
  request.open('POST', form.action)
  request.setRequestHeader('accept', 'application/json')
  request.setRequestHeader('x-app-async', '1')
  const token = data.get('_csrf')
  if (typeof token === 'string') request.setRequestHeader('x-csrf-token', token)
  if (progress) progress.hidden = false
  if (button) button.disabled = true
  request.upload.addEventListener('progress', (event) => {
    if (!event.lengthComputable) return
    if (bar) bar.value = Math.round((event.loaded / event.total) * 100)
    if (text) text.textContent = `${megabytes(event.loaded)} of ${megabytes(event.total)} sent`
  })
  request.addEventListener('load', () => {
    if (request.status === 202) {
      const started = JSON.parse(request.responseText) as StartedJson
      if (text) text.textContent = 'Sent. Checking the file…'
      window.location.assign(started.href)
      return
    }
    if (button) button.disabled = false
    if (progress) progress.hidden = true
    let body: ErrorJson = {}
    try {
      body = JSON.parse(request.responseText) as ErrorJson
    } catch {
      body = { message: 'Sorry, there is a problem with the service. Try again.' }
    }
    showErrors(errors, body)
  })
  request.addEventListener('error', () => {
    if (button) button.disabled = false
    if (progress) progress.hidden = true
    showErrors(errors, { message: 'The upload did not reach the service. Check your connection and try again.' })
  })
  request.send(multipart ? data : new URLSearchParams(data as unknown as Record<string, string>))
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-module="app-async-import"]')) {
  form.addEventListener('submit', (event) => {
    const file = form.querySelector<HTMLInputElement>('input[type="file"]')
    const agency = form.querySelector<HTMLInputElement>('input[name="agency"]')
    const maxBytes = Number(form.dataset.maxBytes ?? '0')
    const chosen = file?.files?.[0]
    if (file && chosen && maxBytes > 0 && chosen.size > maxBytes) {
      event.preventDefault()
      showErrors(document.querySelector<HTMLElement>('[data-async-errors]'), {
        message: 'The file is too large',
        details: [{ message: `The file is ${megabytes(chosen.size)}; the limit is ${megabytes(maxBytes)}. Split it into smaller files, or ask your administrator to raise the limit.` }],
      })
      return
    }
    // Missing answers go to the server without a file, so its own error page explains them.
    if (file && (!chosen || (agency && agency.value.trim() === ''))) return
    event.preventDefault()
    sendAsync(form)
  })
}

// While a file is being checked: show the rows read so far, and the result when it is ready.
const status = document.querySelector<HTMLElement>('[data-module="app-import-status"]')
if (status?.dataset.statusHref) {
  const href = status.dataset.statusHref
  const rowsRead = status.querySelector<HTMLElement>('[data-rows-read]')
  const poll = async (): Promise<void> => {
    try {
      const response = await fetch(href, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (response.ok) {
        const body = (await response.json()) as { status: string; rowsRead: number }
        if (body.status !== 'analysing') {
          window.location.reload()
          return
        }
        if (rowsRead) rowsRead.textContent = `${body.rowsRead.toLocaleString('en-GB')} ${body.rowsRead === 1 ? 'row' : 'rows'} read so far.`
      }
    } catch {
      // A missed poll is tried again.
    }
    window.setTimeout(() => void poll(), 1000)
  }
  window.setTimeout(() => void poll(), 500)
}
