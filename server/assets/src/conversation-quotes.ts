// On a conversation's page: select words in the notes, then "Make this a quote" copies them into the
// quote form (which also works without JavaScript: paste the words instead).
const notes = document.querySelector<HTMLElement>('[data-conversation-notes]')
const maker = document.querySelector<HTMLElement>('[data-quote-maker]')
const button = document.querySelector<HTMLButtonElement>('[data-make-quote]')
const field = document.querySelector<HTMLTextAreaElement>('#quoteText')

function selectedInNotes(): string {
  const selection = window.getSelection()
  if (!notes || !selection || selection.isCollapsed || selection.rangeCount === 0) return ''
  const range = selection.getRangeAt(0)
  if (!notes.contains(range.startContainer) || !notes.contains(range.endContainer)) return ''
  return selection.toString().trim()
}

if (notes && maker && button && field) {
  maker.hidden = false
  // The selection is kept as it was when last seen in the notes: pressing the button must not lose it.
  let chosen = ''
  document.addEventListener('selectionchange', () => {
    const text = selectedInNotes()
    if (text !== '' || document.activeElement !== button) {
      chosen = text
      button.disabled = chosen === ''
    }
  })
  button.addEventListener('click', () => {
    if (chosen === '') return
    field.value = chosen
    field.scrollIntoView({ block: 'center' })
    field.focus()
  })
}
