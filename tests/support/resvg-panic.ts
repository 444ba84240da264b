// An SVG on which resvg 2.6 panics (an arrowhead far outside the picture: a large map's DOCX parts did, before
// ea2d92d), and the same picture with the arrow inside it. A Rust panic aborts the whole process it runs in.
export const PANICKING_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100"><defs>'
  + '<marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>'
  + '</defs><line x1="50" y1="50" x2="3000" y2="250" stroke="#000" stroke-width="2.5" marker-end="url(#a)"/></svg>'

export const DRAWABLE_SVG = PANICKING_SVG.replace('x2="3000" y2="250"', 'x2="90" y2="60"')
