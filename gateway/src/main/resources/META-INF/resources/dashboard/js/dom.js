// Every element of the page that carries case data is built here, from text: nothing is ever parsed as HTML
// (no innerHTML, no insertAdjacentHTML), so a value like "<img src=x onerror=...>" can only ever be shown as text.

/**
 * h('td', {class: 'x'}, 'text', child) -> element. Strings become text nodes. Attributes are set one by one;
 * an "on..." property must be a function (a listener), and an href must be an in-page or same-site path.
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      if (typeof value !== 'function') {
        throw new TypeError(`${name} must be a function`);
      }
      element.addEventListener(name.slice(2), value);
    } else if (name === 'href') {
      element.setAttribute('href', safeHref(value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces an element's content with the given children (text or nodes). */
export function fill(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** Only '#...' and '/...' (never '//host'): a javascript: or foreign URL cannot reach an href through data. */
function safeHref(value) {
  const text = String(value);
  if (text.startsWith('#') || (text.startsWith('/') && !text.startsWith('//'))) {
    return text;
  }
  throw new TypeError('refusing an href that is not a same-site path');
}

export function show(element, visible) {
  element.hidden = !visible;
}

/** A notice line (role=alert in the page): shown with the text, hidden when the text is empty. */
export function notice(element, text) {
  element.textContent = text ?? '';
  element.hidden = !text;
}
