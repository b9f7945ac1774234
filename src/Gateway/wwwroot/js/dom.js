// Building elements without innerHTML, so text from the API is never read as markup.

/** h('p', { class: 'x', onclick: fn }, 'text', child, [more]) → an element. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

let generation = 0;

/** Called on every navigation: what the page left behind must no longer draw. */
export function navigated() {
  generation += 1;
}

/**
 * The drawing function of the page being opened: it replaces the main area, until the user
 * navigates elsewhere; from then on it does nothing, and current() is false.
 */
export function screen() {
  const mine = generation;
  const draw = (...children) => {
    if (mine !== generation) return;
    const main = document.getElementById('main');
    main.replaceChildren();
    append(main, children);
  };
  draw.current = () => mine === generation;
  return draw;
}

/** A message box: kind is 'error', 'ok' or 'info'. Errors are announced to screen readers. */
export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A select with options [[value, label], …]. */
export function select(attributes, options, selected) {
  return h('select', attributes, options.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/** A labelled form field: label text above the control, with a slot for its error. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field', 'data-field': control.name || null },
    h('label', { for: id }, label), control, hint ? h('small', { class: 'hint' }, hint) : null, h('small', { class: 'field-error' }));
}

/** Shows an API error on a form: the message on top, each field's under that field. */
export function showFormError(form, error, slot) {
  for (const element of form.querySelectorAll('.field.invalid')) element.classList.remove('invalid');
  for (const element of form.querySelectorAll('.field-error')) element.textContent = '';
  for (const [name, message] of Object.entries(error.fields ?? {})) {
    const element = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!element?.querySelector('.field-error')) continue;
    element.classList.add('invalid');
    element.querySelector('.field-error').textContent = message;
  }
  slot.replaceChildren(notice('error', error.message));
}
