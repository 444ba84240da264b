// Small helpers for building the editor's DOM. User text only ever goes in as text (textContent or a Text
// node), never as markup.

type Attrs = Record<string, string | number | boolean | null | undefined>

/** An element with attributes (false or null leave one out) and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue
    node.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined) continue
    node.append(typeof child === 'string' ? document.createTextNode(child) : child)
  }
  return node
}

export function required<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector)
  if (!found) throw new Error(`The map editor page is missing ${selector}`)
  return found
}

export function clear(node: Element): void {
  node.replaceChildren()
}

/** Options for a <select>, with an optional first empty choice. */
export function fillSelect(select: HTMLSelectElement, options: Array<{ value: string; text: string; group?: string }>, empty?: string): void {
  const keep = select.value
  clear(select)
  if (empty !== undefined) select.append(el('option', { value: '' }, empty))
  const groups = new Map<string, HTMLOptGroupElement>()
  for (const option of options) {
    const item = el('option', { value: option.value }, option.text)
    if (option.group) {
      let group = groups.get(option.group)
      if (!group) {
        group = el('optgroup', { label: option.group })
        groups.set(option.group, group)
        select.append(group)
      }
      group.append(item)
    } else {
      select.append(item)
    }
  }
  if ([...select.options].some((o) => o.value === keep)) select.value = keep
}
