type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/** A tiny element builder: h('a.tile', {href}, child...). Strings are text, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tagAndClasses: K | `${K}.${string}`, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const [tag, ...classes] = tagAndClasses.split('.');
  const el = document.createElement(tag as K);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = [el.className, String(v)].filter(Boolean).join(' ');
    // Through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes, not this.
    else if (k === 'style') el.style.cssText = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** The file name of a key, for alt text and downloads. */
export function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** A message block for empty, loading and error states: what happened, and what to do. */
export function stateBlock(kind: 'loading' | 'empty' | 'error', title: string, detail?: string, action?: { label: string; run: () => void }): HTMLElement {
  return h(
    'div.state',
    { role: kind === 'error' ? 'alert' : 'status', 'data-state': kind },
    kind === 'loading' ? h('div.spinner', { 'aria-hidden': 'true' }) : null,
    h('h2', {}, title),
    detail ? h('p', {}, detail) : null,
    action ? h('button.button', { type: 'button', onclick: action.run }, action.label) : null,
  );
}
