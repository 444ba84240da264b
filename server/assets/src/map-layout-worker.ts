// A Web Worker that runs ELK's layout for the map editor, so a large map lays out without freezing the page.
// The ELK worker script answers the messages ELK's API sends (it installs its own onmessage handler).
import 'elkjs/lib/elk-worker.min.js'
