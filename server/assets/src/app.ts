// Runs on every page: marks the page as JavaScript-enabled and starts the GOV.UK Frontend components.
import { initAll } from 'govuk-frontend'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported')
initAll()
